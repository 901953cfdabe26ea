"""Operator-level calls: pure correlation of AMI events into calls and typed call events."""
