"""Sending what Sorot made: mail through the newsroom's SMTP server."""
