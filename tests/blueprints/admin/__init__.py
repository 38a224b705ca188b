"""Tests of the admin blueprint: queues, decisions, moderation, deleted listings."""
