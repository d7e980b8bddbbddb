"""The JSON API (v1) for partners and our own tests, documented by OpenAPI."""
