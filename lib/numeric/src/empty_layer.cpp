// Placeholder translation unit for a layer that has no sources yet (see nncert_layer).
