"""Fleet domain logic: plain async functions over the store, no gRPC, no HTTP."""
