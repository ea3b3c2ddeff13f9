//! Support for the workspace's examples and tests (not published).
