"""The training compliance grid: officers × requirements (COPS-8, NASRO 03)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from programs import selectors


@login_required
def training_grid(request):
    programs = list(selectors.programs_for(request.user))
    chosen = next(
        (p for p in programs if str(p.pk) == request.GET.get("program")),
        programs[0] if programs else None,
    )
    grid = selectors.training_grid(request.user, chosen) if chosen else None
    return render(
        request,
        "programs/training_grid.html",
        {
            "programs": programs,
            "chosen": chosen,
            "grid": grid,
        },
    )
