"""REST gateway: the documented legacy endpoints over the gRPC services, plus live streams."""
