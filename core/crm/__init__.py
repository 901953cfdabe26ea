"""CRM and provider adapters behind one interface, with one registry."""
