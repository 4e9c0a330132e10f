"""Catalogue search: Elasticsearch documents and queries, with a database fallback.

Documents and queries import no Django models; one indexing module maps models to
documents."""
