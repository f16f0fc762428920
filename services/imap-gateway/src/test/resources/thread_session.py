"""THREAD (RFC 5256) through Python's imaplib over an INBOX whose rows were written in every way the store has
known: with the threading facts delivery now keeps in each row, with sort keys but no threading facts, and with
neither, as rows written before; then over a reply APPENDed and over copies of them all. Prints one line per step:
NAME, then what the server answered."""
import imaplib, ssl, sys

host, port, user, password = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
context = ssl._create_unverified_context()


def show(name, result):
    print(name, repr(result), flush=True)


m = imaplib.IMAP4_SSL(host, port, ssl_context=context)
m.login(user, password)
m.select('INBOX')
show('THREAD-REFERENCES', m.thread('REFERENCES', 'UTF-8', 'ALL'))
show('THREAD-ORDEREDSUBJECT', m.thread('ORDEREDSUBJECT', 'UTF-8', 'ALL'))
show('UID-THREAD-SUBJECT', m.uid('THREAD', 'REFERENCES', 'UTF-8', 'SUBJECT', 'gone'))
appended = ('From: Dan <dan@example.org>\r\nSubject: Re: other\r\nMessage-ID: <i@example.org>\r\n'
            'In-Reply-To: <c@example.org>\r\nDate: Mon, 23 Nov 2026 10:40:00 +0000\r\n\r\nappended\r\n').encode()
show('APPEND', m.append('INBOX', None, None, appended))
show('THREAD-APPENDED', m.thread('REFERENCES', 'UTF-8', 'ALL'))
show('COPY', m.copy('1:*', 'Trash'))
m.select('Trash')
show('UID-THREAD-COPIES', m.uid('THREAD', 'REFERENCES', 'UTF-8', 'ALL'))
m.logout()
