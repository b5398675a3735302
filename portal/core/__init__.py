"""The shared kernel: what every part of the portal uses and none owns (the vocabulary, GOV.UK forms,
Markdown, emails, slugs, CSV imports, freshness). It never imports a feature app."""
