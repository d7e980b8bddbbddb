"""What the blueprints share: forms and text cleaning, template filters, request timing,
and the search request that the results page and the API both run.

Part of the web layer, below the blueprints: it may use Flask, but imports no blueprint.
"""
