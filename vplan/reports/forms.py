from django import forms
from django.utils.translation import gettext_lazy as _

from vplan.reports.models import ReportFormat


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
    )
