"""Attachments of CIs, helpdesk tickets and their comments, uploaded in BOSSDesk's three steps
(signed upload data, direct upload, attach by `tmp_key`)."""
