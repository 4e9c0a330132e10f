"""Writes on the catalogue. Views, tasks, commands and the admin call these."""
