//! Security and caching headers on HTML, assets and the API; unknown pages; start-up configuration.
