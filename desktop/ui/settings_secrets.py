"""The settings dialog's secret rows: where secrets live, where the AMI secret comes from.

:class:`SettingsStatus` is what the glue tells the dialog (system keyring,
encrypted file or memory; the AMI secret's source, None meaning "no secret
stored"; the demo's own folder). :class:`SecretRows` builds the banners and
the rows under the secret field, including the encrypted file's passphrase,
which travels to the glue under ``PASSPHRASE_KEY`` and is never saved.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFormLayout, QLineEdit

from desktop.ui import style

PASSPHRASE_KEY = "passphrase"  # the encrypted secrets file's passphrase (never saved)


@dataclass(frozen=True)
class SettingsStatus:
    """Where secrets live, where the AMI secret comes from, and whether this is the demo."""

    secure: bool = True
    where: str = ""  # "system keyring (SecretService)", "encrypted file ... (locked)", ...
    kind: str = "keyring"  # keyring | file | memory
    ami_source: str | None = None  # None: no secret stored
    demo_folder: str = ""  # the demo's own settings folder ("" outside the demo)
    backend: str = ""  # the keyring backend's name, or the encrypted file's path


class SecretRows(QObject):
    """Banners (demo, no keyring) and the rows under the AMI secret."""

    def __init__(self, status: SettingsStatus, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.status = status
        self.demo_banner: style.Banner | None = None

    def banners(self) -> list[style.Banner]:
        out: list[style.Banner] = []
        if self.status.demo_folder:
            self.demo_banner = style.Banner("info", self.tr(
                "This is the demo. Settings are saved in the demo's own profile ({folder}); "
                "your real profile is not touched. To use your PBX, quit the demo and start "
                "Ringside again."
            ).format(folder=self.status.demo_folder))  # fmt: skip
            out.append(self.demo_banner)
        if self.status.kind == "file":
            text = self.tr(
                "No system keyring on this computer: secrets are kept in an encrypted file "
                "protected by a passphrase. Enter the passphrase on the Connection tab."
            )
        else:
            text = self.tr(
                "No secure keyring is available on this computer ({backend}). Passwords you enter "
                "are kept only in memory until Ringside quits, and you will be asked again next time."
            ).format(backend=self.status.where or self.tr("none found"))
        self.keyring_banner = style.Banner("warning", text)
        self.keyring_banner.setVisible(not self.status.secure)
        out.append(self.keyring_banner)
        return out

    def store_words(self) -> str:
        """The store in use, in the interface language."""
        kind, backend = self.status.kind, self.status.backend
        if kind == "file":
            return (
                self.tr("the encrypted file {path}").format(path=backend)
                if backend
                else self.tr("the encrypted secrets file")
            )
        if kind == "memory":
            return self.tr("memory only, until Ringside quits")
        return self.tr("the system keyring ({name})").format(name=backend) if backend else (
            self.status.where or self.tr("the system keyring"))  # fmt: skip

    def add_rows(self, form: QFormLayout) -> None:
        source = self.status.ami_source
        if not source:
            where = self.tr("No secret stored: type the AMI secret")
        elif source.startswith("environment"):
            where = self.tr("Secret: from the environment variable RINGSIDE_AMI_SECRET")
        else:
            where = self.tr("Secret: saved in {where}").format(where=self.store_words())
        self.secret_where = style.label(where, "muted", wrap=True)
        form.addRow("", self.secret_where)
        store = self.tr("New secrets are saved in: {where}").format(where=self.store_words())
        self.store_where = style.label(store, "muted", wrap=True)
        if not source or source.startswith("environment"):
            form.addRow("", self.store_where)
        self.passphrase_edit = QLineEdit()
        self.passphrase_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase_edit.setPlaceholderText(self.tr("at least 8 characters"))
        if self.status.kind == "file":
            style.add_row(form, self.tr("File passphrase:"), self.passphrase_edit)

    def typed(self) -> dict[str, str]:
        text = self.passphrase_edit.text()
        return {PASSPHRASE_KEY: text} if text else {}
