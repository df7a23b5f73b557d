"""chainrule's ``nn``: neural-network building blocks made only of ``autograd.Value``.

The modules, layers, losses and optimizers arrive with the nn issue; this package is
already shipped by the distribution so the layout is final.
"""

__all__: list[str] = []
