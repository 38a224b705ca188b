"""Tests of the manage blueprint: what owners and managers do with their listings."""
