"""The interactive shell: the only package that imports prompt_toolkit and pygments.

Nothing imports it until the REPL starts (startup._run_actions, on a terminal), so -c, -f and
piped input never pay for the line editor.
"""
