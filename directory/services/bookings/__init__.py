"""Booking requests: a customer asks (requests.py), the center answers through the state machine (machine.py)."""
