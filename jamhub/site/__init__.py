"""The site: what composes every domain app (the demo content, preparing a site).

It sits above every other app and nothing imports it (docs: DESIGN.md, "Dependency
direction")."""
