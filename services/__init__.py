"""The Argus services: ocr, players, fleet (gRPC) and the REST gateway."""
