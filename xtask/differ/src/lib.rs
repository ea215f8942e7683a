//! Direction-aware breaking-change detection between two OpenAPI 3.0 documents.
