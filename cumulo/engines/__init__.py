"""Languages several services speak, one pure implementation each (DESIGN.md section 13).

An engine imports only `cumulo.core` and the standard library or its own
dependencies; it holds no state and does no I/O. The state it reads (a bus's
rules, a principal's policies) stays in its service and arrives as plain values.
"""
