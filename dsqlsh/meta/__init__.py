"""Meta-commands: the registry table (registry.py) and one module per command family.

Each handler module registers its commands with @command as it is imported; handlers.py says which module
handles which name, and registry.lookup imports it the first time one of its commands is asked for.
"""
