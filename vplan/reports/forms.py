from django import forms
from django.utils.translation import gettext_lazy as _

from vplan.reports.models import ReportFormat
from vplan.reports.word_templates import MAX_TEMPLATE_BYTES


class SendReportForm(forms.Form):
    format = forms.ChoiceField(
        label=_("Format"), choices=ReportFormat.choices, initial=ReportFormat.PDF
    )


class ReportTemplateForm(forms.Form):
    file = forms.FileField(
        label=_("Word template (.docx)"),
        help_text=_(
            "A Word document with your styles, logo, header and footer. Its text is replaced "
            "by the report; its last section's page setup, header and footer are kept."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".docx"}),
    )

    def clean_file(self):
        """A file too large is refused before it is read (word_templates checks the rest)."""
        upload = self.cleaned_data["file"]
        if upload.size > MAX_TEMPLATE_BYTES:
            raise forms.ValidationError(
                _("%(name)s: the template is larger than %(limit)s MB.")
                % {"name": upload.name, "limit": MAX_TEMPLATE_BYTES >> 20}
            )
        return upload
