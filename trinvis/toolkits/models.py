from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from trinvis.organisations.models import Organisation


class Toolkit(models.Model):
    """One version of a process model: shipped content, or an organisation's adapted copy."""

    slug = models.SlugField(_("key"), max_length=80)
    version = models.PositiveIntegerField(_("version"))
    # Empty for the toolkits Trinvis ships; an organisation's own adapted copy names it.
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="toolkits",
    )
    based_on = models.ForeignKey(
        "self",
        verbose_name=_("based on"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="adaptations",
    )
    title = models.JSONField(_("title"))
    summary = models.JSONField(_("summary"), default=dict)
    # The whole checked document; a version never changes once a run uses it.
    document = models.JSONField(_("content"))
    content_hash = models.CharField(max_length=64, editable=False)
    is_latest = models.BooleanField(_("latest version"), default=True)
    created_at = models.DateTimeField(_("loaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("toolkit")
        verbose_name_plural = _("toolkits")
        ordering = ["slug", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["slug", "version"],
                condition=models.Q(organisation__isnull=True),
                name="unique_shipped_toolkit_version",
            ),
            models.UniqueConstraint(
                fields=["organisation", "slug", "version"],
                condition=models.Q(organisation__isnull=False),
                name="unique_adapted_toolkit_version",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.slug} v{self.version}"

    @property
    def steps(self) -> list[dict[str, Any]]:
        return [step for phase in self.document["phases"] for step in phase["steps"]]

    def worksheet_template(self, key: str) -> dict[str, Any]:
        return self.document["worksheets"][key]


class ToolkitStep(models.Model):
    """A step of a toolkit version, kept as a row so steps can be searched and counted."""

    toolkit = models.ForeignKey(Toolkit, on_delete=models.CASCADE, related_name="step_rows")
    key = models.SlugField(max_length=80)
    phase_key = models.SlugField(max_length=80)
    position = models.PositiveSmallIntegerField()
    title = models.JSONField()
    search_da = models.TextField(blank=True)
    search_nb = models.TextField(blank=True)
    search_en = models.TextField(blank=True)

    class Meta:
        ordering = ["toolkit", "position"]
        constraints = [
            models.UniqueConstraint(fields=["toolkit", "key"], name="unique_step_per_toolkit")
        ]

    def __str__(self) -> str:
        return f"{self.toolkit} · {self.key}"


class Run(models.Model):
    """An organisation working through one toolkit version (a forløb), step by step."""

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="runs"
    )
    toolkit = models.ForeignKey(
        Toolkit, verbose_name=_("toolkit"), on_delete=models.PROTECT, related_name="runs"
    )
    title = models.CharField(_("title"), max_length=200)
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible"),
        on_delete=models.PROTECT,
        related_name="responsible_runs",
    )
    participants = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("participants"),
        blank=True,
        related_name="runs",
    )
    start_date = models.DateField(_("start date"))
    target_date = models.DateField(_("target date"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("run")
        verbose_name_plural = _("runs")
        ordering = ["-start_date", "title"]

    def __str__(self) -> str:
        return self.title


class RunStep(models.Model):
    """Where a run stands on one step: status, owner, due date, notes and reflections."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        SKIPPED = "skipped", _("Skipped")

    run = models.ForeignKey(
        Run, verbose_name=_("run"), on_delete=models.CASCADE, related_name="steps"
    )
    key = models.SlugField(_("step"), max_length=80)
    position = models.PositiveSmallIntegerField()
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NOT_STARTED
    )
    skip_reason = models.TextField(_("reason for skipping"), blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_run_steps",
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    # {question index as text: answer}; questions live in the toolkit version of the run.
    reflection_answers = models.JSONField(_("reflection answers"), default=dict, blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("step of a run")
        verbose_name_plural = _("steps of runs")
        ordering = ["run", "position"]
        constraints = [models.UniqueConstraint(fields=["run", "key"], name="unique_step_per_run")]

    def __str__(self) -> str:
        return f"{self.run} · {self.key}"

    @property
    def is_settled(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.SKIPPED)


class Worksheet(models.Model):
    """A filled template of a run: rows of typed cells, edited by several people."""

    run = models.ForeignKey(
        Run, verbose_name=_("run"), on_delete=models.CASCADE, related_name="worksheets"
    )
    template_key = models.SlugField(_("template"), max_length=80)
    # {"rows": [{"key": row label key or "", "cells": {column key: value}}]}
    data = models.JSONField(_("content"), default=dict)
    version = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("worksheet")
        verbose_name_plural = _("worksheets")
        constraints = [
            models.UniqueConstraint(
                fields=["run", "template_key"], name="one_worksheet_per_template"
            )
        ]

    def __str__(self) -> str:
        return f"{self.run} · {self.template_key}"


class WorksheetRevision(models.Model):
    """One saved version of a worksheet: who changed what, and when."""

    worksheet = models.ForeignKey(Worksheet, on_delete=models.CASCADE, related_name="revisions")
    version = models.PositiveIntegerField()
    data = models.JSONField()
    changes = models.JSONField(default=list)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    source = models.CharField(max_length=20, default="web")

    class Meta:
        ordering = ["worksheet", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["worksheet", "version"], name="unique_revision_version")
        ]

    def __str__(self) -> str:
        return f"{self.worksheet} v{self.version}"


class RunStepChange(models.Model):
    """One saved change of a run's step: who changed which fields from what to what."""

    step = models.ForeignKey(
        RunStep, verbose_name=_("step of a run"), on_delete=models.CASCADE, related_name="changes"
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("changed"), auto_now_add=True)
    version = models.PositiveIntegerField(_("version"))
    # {field name: {"from": shown value, "to": shown value}}; values are kept as text so the
    # history reads the same after a person or a toolkit version is gone.
    changes = models.JSONField(_("changes"), default=dict)

    class Meta:
        verbose_name = _("change of a step")
        verbose_name_plural = _("changes of steps")
        ordering = ["step", "-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.step} v{self.version}"
