"""Report pages: request a run, watch its progress, download the file."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import get_language

from programs.access import access_for
from reports import selectors, services
from reports.forms import ReportRequestForm
from sro_admin.pages import form_submit


@login_required
def report_list(request):
    if not access_for(request.user).may_request_reports:
        raise PermissionDenied  # e.g. an SRO: nothing here is theirs to request
    form = ReportRequestForm(request.POST or None, user=request.user)
    if done := form_submit(
        request,
        form,
        # The report speaks the language of the page it was requested from.
        lambda **data: services.report_run_request(
            actor=request.user, language=get_language(), **data
        ),
        None,  # the run's page shows its progress
    ):
        return redirect(done.result)
    page = Paginator(selectors.report_run_list_for(request.user), 25).get_page(
        request.GET.get("page")
    )
    return render(request, "reports/report_list.html", {"form": form, "page": page})


@login_required
def report_detail(request, pk: int):
    run = selectors.report_run_get_for(request.user, pk)
    return render(request, "reports/report_detail.html", {"run": run})


@login_required
def report_progress(request, pk: int):
    run = selectors.report_run_get_for(request.user, pk)
    return render(request, "reports/partials/progress.html", {"run": run})


@login_required
def report_download(request, pk: int):
    run = selectors.report_run_get_for(request.user, pk)
    if not run.file:
        raise Http404
    filename = f"{run.district.slug}-{run.kind}-{run.pk}.pdf"
    return FileResponse(
        run.file.open("rb"), as_attachment=True, filename=filename, content_type="application/pdf"
    )
