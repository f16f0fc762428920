"""A COPY past the account's quota through imaplib: refused with OVERQUOTA and nothing copied; a MOVE,
which adds nothing to the account, is not checked. Prints one line per step for the integration test."""
import imaplib, ssl, sys

host, tls_port, user, password = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
m = imaplib.IMAP4_SSL(host, tls_port, ssl_context=ssl._create_unverified_context())
m.login(user, password)
m.select('INBOX')
print('COPY', repr(m.uid('COPY', '1', 'Trash')), flush=True)
print('STATUS-AFTER-COPY', repr(m.status('Trash', '(MESSAGES)')), flush=True)
print('MOVE', repr(m.uid('MOVE', '1', 'Trash')), flush=True)
print('STATUS-AFTER-MOVE', repr(m.status('Trash', '(MESSAGES)')), repr(m.status('INBOX', '(MESSAGES)')), flush=True)
m.logout()
print('DONE', flush=True)
