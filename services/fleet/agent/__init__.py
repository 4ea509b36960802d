"""`argus-device`: the agent a Jetson runs to stream frames to the fleet service over gRPC."""
