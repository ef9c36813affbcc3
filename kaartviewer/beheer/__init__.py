"""Beheer: a store of *aanvullingen* over the sources, with roles, history and publication.

The UI and CLI call only :mod:`kaartviewer.beheer.service` (writes, reads) and
:mod:`kaartviewer.beheer.publiceren` (the read path into a Registry). Every permission
check lives in the service.
"""
