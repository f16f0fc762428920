"""SORT (RFC 5256) through Python's imaplib over an INBOX whose rows were written in both ways the store has
known: with the sort keys delivery now keeps in each row, and without them, as rows written before it did; then
over an APPENDed message and over copies of them all. Prints one line per step: NAME, then what the server answered."""
import imaplib, ssl, sys

host, port, user, password = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
context = ssl._create_unverified_context()


def show(name, result):
    print(name, repr(result), flush=True)


m = imaplib.IMAP4_SSL(host, port, ssl_context=context)
m.login(user, password)
m.select('INBOX')
show('SORT-DATE', m.sort('(DATE)', 'UTF-8', 'ALL'))
show('SORT-REVERSE-ARRIVAL', m.sort('(REVERSE ARRIVAL)', 'UTF-8', 'ALL'))
show('SORT-SUBJECT', m.sort('(SUBJECT)', 'UTF-8', 'ALL'))
show('SORT-FROM-REVERSE-DATE', m.sort('(FROM REVERSE DATE)', 'UTF-8', 'ALL'))
show('SORT-DISPLAYFROM', m.sort('(DISPLAYFROM)', 'UTF-8', 'ALL'))
show('SORT-DATE-UNSEEN', m.sort('(DATE)', 'UTF-8', 'UNSEEN'))
appended = ('From: Dan <dan@example.org>\r\nSubject: Fwd: d\r\nDate: Mon, 23 Nov 2026 00:30:00 +0000\r\n'
            '\r\nappended\r\n').encode()
show('APPEND', m.append('INBOX', None, None, appended))
show('SORT-DATE-APPENDED', m.sort('(DATE)', 'UTF-8', 'ALL'))
show('SORT-SUBJECT-APPENDED', m.sort('(SUBJECT)', 'UTF-8', 'ALL'))
show('COPY', m.copy('1:*', 'Trash'))
m.select('Trash')
show('SORT-DATE-COPIES', m.uid('SORT', '(DATE)', 'UTF-8', 'ALL'))
show('SORT-SUBJECT-COPIES', m.uid('SORT', '(SUBJECT)', 'UTF-8', 'ALL'))
m.logout()
