"""Integrations with the frameworks training code uses; each imports its framework only when used."""
