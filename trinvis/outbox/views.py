from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from trinvis.accounts.http import AuthenticatedRequest
from trinvis.outbox.access import outbox_check_access
from trinvis.outbox.selectors import outbox_counts, outbox_unsent
from trinvis.outbox.services import messages_retry


@login_required
def outbox_list(request: AuthenticatedRequest) -> HttpResponse:
    outbox_check_access(user=request.user)
    page = Paginator(outbox_unsent(), 50).get_page(request.GET.get("page"))
    return render(request, "outbox/list.html", {"page": page, "counts": outbox_counts()})


@login_required
@require_POST
def outbox_retry(request: AuthenticatedRequest) -> HttpResponse:
    outbox_check_access(user=request.user)
    raw = request.POST.get("message", "")
    count = messages_retry(ids=[int(raw)] if raw.isdigit() else None)
    if count:
        messages.success(
            request,
            ngettext(
                "%(count)s e-mail is being sent again.",
                "%(count)s e-mails are being sent again.",
                count,
            )
            % {"count": count},
        )
    else:
        messages.info(request, _("There is nothing to send again."))
    return redirect("outbox:list")
