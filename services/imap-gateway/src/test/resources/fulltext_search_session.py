"""SEARCH BODY and TEXT (RFC 9051 section 6.4.4) through Python's imaplib, for strings that are in the messages
only once decoded: a base64 body in ISO-8859-1, an HTML body with entities. Prints one line per step: NAME, then
the UIDs the server found."""
import imaplib, sys

host, port, user, password = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
imap = imaplib.IMAP4(host, port)
imap.login(user, password)
imap.select('INBOX')


def found(name, *criteria, literal=None):
    imap.literal = literal
    status, data = imap.uid('SEARCH', 'CHARSET', 'UTF-8', *criteria)
    print(name, status, data[0].decode(), flush=True)


found('BODY_BASE64_WORD', 'BODY', 'zauberwort')
found('TEXT_BASE64_WORD_UPPER', 'TEXT', 'ZAUBERWORT')
found('BODY_LATIN1_WORD', 'BODY', literal='GRÜSSE aus Köln'.encode())
found('BODY_ENCODED_FORM', 'BODY', 'R3L832Ug')
found('BODY_HTML_ENTITY', 'BODY', '"fish & chips"')
found('BODY_HTML_TAG', 'BODY', '<b>')
found('TEXT_SUBJECT', 'TEXT', 'quarterly')
found('BODY_SUBJECT', 'BODY', 'quarterly')
found('BODY_ABSENT', 'BODY', 'nowhere-to-be-found')
imap.logout()
