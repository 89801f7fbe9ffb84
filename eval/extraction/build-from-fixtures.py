#!/usr/bin/env python3
"""Builds eval/extraction/{dev,test}.jsonl from the real samples in ../shared/fixtures, with hand-written labels.

Hand-labelled by one engineer (not double-annotated) on 2026-11-25; see eval/README.md for the rules followed.
Run from the repository root: python3 eval/extraction/build-from-fixtures.py
"""
import email.utils, glob, json, mailbox, os, re
from email.header import decode_header, make_header

FIXTURES = os.path.join(os.path.dirname(__file__), '../../../shared/fixtures')
OUT = os.path.dirname(os.path.abspath(__file__))


def mail_body(message):
    parts = message.walk() if message.is_multipart() else [message]
    for part in parts:
        if part.get_content_type() == 'text/plain':
            try:
                return part.get_payload(decode=True).decode(part.get_content_charset() or 'utf-8', 'replace')
            except Exception:
                return str(part.get_payload())
    return ''


def strip_quotes(body):
    lines = []
    for line in body.split('\n'):
        if line.startswith('>'):
            continue
        if re.match(r'^On .* wrote:\s*$', line) or re.match(r'^-- ?$', line) or line.startswith('-' * 60):
            break
        lines.append(line)
    return re.sub(r'\n{3,}', '\n\n', '\n'.join(lines)).strip()


def mailing_list_threads():
    """Threads of 2-6 messages (by normalised subject) from the Apache mailing-list archives, in file order."""
    threads = {}
    for name in ['httpd-users-2020-07.mbox', 'asterix-dev-201709-mailarchivesao.mbox', 'httpd-users-200606-part.mbox']:
        for message in mailbox.mbox(os.path.join(FIXTURES, 'email/apache_mailing_list_mbox', name)):
            subject = str(make_header(decode_header(message['subject'] or ''))).replace('\n', ' ')
            key = re.sub(r'^(\s*(re|fwd?|aw)\s*:\s*)+', '', subject, flags=re.I).strip().lower()
            sender = email.utils.parseaddr(str(make_header(decode_header(message['from'] or ''))))
            sent_at = email.utils.parsedate_to_datetime(message['date']).astimezone().isoformat()
            threads.setdefault((name, key), []).append(
                {'author': sender[0] or sender[1], 'sentAt': sent_at, 'content': strip_quotes(mail_body(message))[:1500]})
    return [(name, key, messages) for (name, key), messages in threads.items() if 2 <= len(messages) <= 6]


# Thread index -> (action items as lists of 1-based message numbers, noise message numbers). Empty messages
# (only quoted text) are dropped from the conversation. Information questions ("how do I ...?", "please advise")
# are not action items; instructions, suggestions to do something concrete, requests and commitments are.
EMAIL_LABELS = {
    0: ([[1, 2]], []), 1: ([[1, 2]], []), 2: ([[2]], []), 3: ([], []), 4: ([[2]], []), 5: ([], []),
    6: ([[2]], []), 7: ([], [3]), 8: ([[2]], []), 9: ([[1]], []), 10: ([], []), 11: ([[2]], []),
    12: ([], [2, 3]), 13: ([], []), 14: ([], [2]), 15: ([[1, 3]], []), 16: ([[4]], []), 17: ([], [2]),
    18: ([], []), 19: ([], [3]), 20: ([[1, 2]], []), 21: ([[3]], []), 22: ([], [2, 3]), 23: ([[1, 2]], []),
    24: ([], []), 25: ([[2], [3]], []), 26: ([[2]], []), 27: ([[2]], []), 28: ([[4], [6]], []), 29: ([], [2]),
    30: ([[1, 2]], [2]),
}
EMAIL_TITLES = {
    (0, 0): 'Block unwanted countries by IP ranges or domain suffixes', (1, 0): 'Test user certificates on a separate instance before use',
    (2, 0): 'Shorten the balancer route names below 64 characters', (4, 0): 'Put per-site dev config in a file included with IncludeOptional',
    (6, 0): 'Set up a daily graceful restart with a cron job', (8, 0): 'Make sure httpd builds and loads the intended OpenSSL',
    (9, 0): 'Do a graceful reload after mod_md obtains the certificate', (11, 0): 'Use /server-status instead of netstat',
    (15, 0): 'Switch Apache 2.2 from mod_ssl to mod_nss for TLS 1.2', (16, 0): 'Query an SQL/LDAP backend or deploy .htpasswd with a tool',
    (20, 0): 'Review the entity-locks wiki entry', (21, 0): 'Set isMap() true for IndexInsertDeleteUpsert and Tokenize operators',
    (23, 0): 'Review the LSM storage refactoring patch', (25, 0): 'Run mvn clean install in asterix-runtime, then retry',
    (25, 1): 'Explain in the dev-setup page why the build step precedes IDE setup', (26, 0): 'Run git asf commit <SHA> after each merged Gerrit change',
    (27, 0): 'Implement a custom aggregate function for the intersect component ids', (28, 0): 'Try the latest Oracle Java 8',
    (28, 1): 'Run mvn clean install and refresh the Eclipse workspace after switching branches', (30, 0): 'Remove the sender from the mailing list',
}


def telegram_text(message):
    text = message.get('text', '')
    return text if isinstance(text, str) else ''.join(p if isinstance(p, str) else p.get('text', '') for p in text)


# Telegram (tgif, Indonesian developer chats): chat -> (number of leading messages, items, noise message ids).
TELEGRAM_LABELS = {
    'coorporate-speak': (14, [], [10823, 10824, 10825, 10826, 10828, 10829, 10830, 10831, 10832, 10833, 10834]),
    'disable-service-gcp-ingress': (14, [([269069], 'Use a single LoadBalancer service (the ingress controller)')], [269062, 269087]),
    'praktik-load-balancer': (14, [], [262576, 262578]),
    'database-isolation-level': (14, [], [235877, 235878, 235879, 235880, 235881]),
}

# Slack (slack-export-viewer test archive): day files -> (items as message positions with titles, noise positions).
SLACK_LABELS = {
    ('enrique/2016-01-14.json', 'enrique/2016-01-15.json', 'enrique/2016-01-16.json'):
        ([([1, 2, 8], 'Write a setup.py that installs the executor')], []),
    ('enrique/2016-02-07.json',): ([([5, 6], 'Write a couple of unit tests for traveling-sailor')], []),
    ('enrique/2016-03-17.json',): ([], [12]),
    ('traveling-sailor/2016-03-25.json', 'traveling-sailor/2016-03-26.json'): ([], [6]),
}


def build():
    conversations = []
    for index, (name, subject, messages) in enumerate(mailing_list_threads()):
        items, noise = EMAIL_LABELS[index]
        kept = [(number, m) for number, m in enumerate(messages, 1) if m['content'].strip()]
        ids = {number: f'e{index}-m{number}' for number, _ in kept}
        conversations.append({
            'id': f'email-{index}', 'source': f'email/apache_mailing_list_mbox/{name}: {subject}',
            'messages': [{'id': ids[n], **m} for n, m in kept],
            'action_items': [{'title': EMAIL_TITLES[(index, k)], 'source_message_ids': [ids[n] for n in item]} for k, item in enumerate(items)],
            'noise_labels': {ids[n]: ('noise' if n in noise else 'signal') for n, _ in kept},
        })
    for chat, (count, items, noise) in TELEGRAM_LABELS.items():
        path = glob.glob(os.path.join(FIXTURES, 'telegram_export/tgif', chat, '*.json'))[0]
        data = json.load(open(path))
        raw = [m for m in (data['messages'] if isinstance(data, dict) else data) if m.get('type', 'message') == 'message'][:count]
        kept = [m for m in raw if telegram_text(m).strip()]
        conversations.append({
            'id': f'telegram-{chat}', 'source': f'telegram_export/tgif/{chat}',
            'messages': [{'id': str(m['id']), 'author': m.get('from'), 'sentAt': m.get('date'), 'content': telegram_text(m)} for m in kept],
            'action_items': [{'title': title, 'source_message_ids': [str(i) for i in ids]} for ids, title in items],
            'noise_labels': {str(m['id']): ('noise' if m['id'] in noise else 'signal') for m in kept},
        })
    base = os.path.join(FIXTURES, 'slack/slack_export_viewer_testarchive/extracted')
    users = {u['id']: u['name'] for u in json.load(open(os.path.join(base, 'users.json')))}
    for files, (items, noise) in SLACK_LABELS.items():
        raw = []
        for file in files:
            raw += [m for m in json.load(open(os.path.join(base, file)))
                    if m.get('subtype') not in ('channel_join', 'bot_add', 'bot_message') and m.get('text')]
        def text(m):
            return re.sub(r'<@(U\w+)>', lambda x: '@' + users.get(x.group(1), x.group(1)), m['text'])
        messages = [{'id': m['ts'], 'author': users.get(m.get('user'), m.get('user')),
                     'sentAt': email.utils.format_datetime(email.utils.localtime(None)) if False else
                     __import__('datetime').datetime.fromtimestamp(float(m['ts']), __import__('datetime').timezone.utc).isoformat(),
                     'content': text(m)} for m in raw]
        conversations.append({
            'id': f'slack-{files[0]}', 'source': 'slack/slack_export_viewer_testarchive/' + ', '.join(files),
            'messages': messages,
            'action_items': [{'title': title, 'source_message_ids': [messages[p - 1]['id'] for p in positions]} for positions, title in items],
            'noise_labels': {m['id']: ('noise' if position in noise else 'signal') for position, m in enumerate(messages, 1)},
        })
    # Alternate conversations between the splits so that every source is in both.
    with open(os.path.join(OUT, 'dev.jsonl'), 'w') as dev, open(os.path.join(OUT, 'test.jsonl'), 'w') as test:
        for position, conversation in enumerate(conversations):
            (dev if position % 2 == 0 else test).write(json.dumps(conversation, ensure_ascii=False) + '\n')
    print(len(conversations), 'conversations')


if __name__ == '__main__':
    build()
