"""The public site: search, results, profiles, treatment guides, how we verify."""
