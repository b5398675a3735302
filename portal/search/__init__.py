"""The one search engine: faceted full-text search over narrow catalogue tables (`engine`), the search
form that turns URL parameters into a typed query (`forms`), what search pages and the API show beside
results (`pages`, `api`), and the registry where each app plugs in its catalogues (`registry`).
It never imports a feature app."""
