"""The gateway's own part of each streamed request's time to first token, from the packets on loopback.

Reads `tcpdump -nn -tt -A` text of a capture on the gateway's and the worker's ports (made by
bench/gateway.sh around the TTFT measure) and, for each request through the gateway, takes the time
from the client's request (its last packet) to the gateway's request to the worker, and from the
worker's first content token to the same token leaving for the client. Prints the medians of both
in ms, and the worker's own time to first token for the requests the gateway sent it and for those
sent to it directly: what the gateway adds is the first two; a difference in the last two is the
worker's. With FROM (epoch seconds, as Ttft.java prints it), only requests sent from then on count:
the warm-up before it is in the capture too.
Usage: python3 bench/gateway/wire.py CAPTURE.txt GATEWAY_PORT WORKER_PORT [FROM]
"""
import bisect
import re
import statistics
import sys

HEADER = re.compile(r'^(\d+\.\d+) IP \S+\.(\d+) > \S+\.(\d+): Flags \[[^\]]*\].*length (\d+)')
CONTENT = re.compile(r'"content":"[^"]')


def packets(path):
    found, current = [], None
    with open(path, errors='replace') as text:
        for line in text:
            header = HEADER.match(line)
            if header:
                current = {'at': float(header.group(1)), 'from': header.group(2), 'to': header.group(3),
                           'length': int(header.group(4)), 'data': ''}
                found.append(current)
            elif current is not None:
                current['data'] += line.rstrip('\n')
    found = sorted((p for p in found if p['length'] > 0), key=lambda p: p['at'])
    for index, p in enumerate(found):
        p['index'] = index
    return found


def first(found, after, test):
    """The first packet at or after the time after that passes test (found is in time order)."""
    start = bisect.bisect_left(found, after, key=lambda p: p['at'])
    return next((found[i] for i in range(start, len(found)) if test(found[i])), None)


def request_end(found, head, to):
    """The last packet of the request whose first packet is head: a client may send its head and body
    apart (Java's HTTP client does, about 0.1 ms apart), and on either path nothing can be forwarded
    or answered before the body is in."""
    end = head
    for p in (found[i] for i in range(head['index'] + 1, len(found))):
        if p['at'] > head['at'] and p['from'] == head['from'] and p['to'] == to:
            if 'POST' in p['data']:
                break
            end = p
        elif p['at'] > head['at'] and p['from'] == to and p['to'] == head['from']:
            break
    return end


def main(path, gateway, worker, since='0'):
    found = packets(path)
    since = float(since)
    inbound, token, worker_via_gateway, whole_gateway = [], [], [], []
    gateway_sockets = set()
    for request in (p for p in found if p['to'] == gateway and 'POST' in p['data'] and p['at'] >= since):
        client = request['from']
        forwarded = first(found, request['at'], lambda p: p['to'] == worker and 'POST' in p['data'])
        if forwarded is None:
            continue
        answer = first(found, forwarded['at'],
                       lambda p: p['from'] == worker and p['to'] == forwarded['from'] and CONTENT.search(p['data']))
        relayed = answer and first(found, answer['at'],
                                   lambda p: p['from'] == gateway and p['to'] == client and CONTENT.search(p['data']))
        gateway_sockets.add(forwarded['from'])
        if relayed:
            inbound.append((forwarded['at'] - request_end(found, request, gateway)['at']) * 1000)
            token.append((relayed['at'] - answer['at']) * 1000)
            worker_via_gateway.append((answer['at'] - request_end(found, forwarded, worker)['at']) * 1000)
            whole_gateway.append((relayed['at'] - request['at']) * 1000)
    worker_direct, whole_direct = [], []
    for request in (p for p in found if p['to'] == worker and 'POST' in p['data'] and p['from'] not in gateway_sockets
                    and p['at'] >= since):
        answer = first(found, request['at'],
                       lambda p: p['from'] == worker and p['to'] == request['from'] and CONTENT.search(p['data']))
        if answer:
            worker_direct.append((answer['at'] - request_end(found, request, worker)['at']) * 1000)
            whole_direct.append((answer['at'] - request['at']) * 1000)
    if not inbound:
        sys.exit('no streamed request through the gateway in the capture')
    print(f'{len(inbound)} requests; the gateway\'s own part at the wire: request in to request out p50 '
          f'{statistics.median(inbound):.3f} ms, first token in to out p50 {statistics.median(token):.3f} ms, '
          f'together {statistics.median(inbound) + statistics.median(token):.3f} ms; the worker\'s own p50 '
          f'{statistics.median(worker_via_gateway):.2f} ms for them, '
          f'{statistics.median(worker_direct) if worker_direct else float("nan"):.2f} ms for direct requests')
    if whole_direct:
        print(f'at the wire, from the request\'s first packet to the first token for the client: direct p50 '
              f'{statistics.median(whole_direct):.2f} ms, through the gateway p50 {statistics.median(whole_gateway):.2f} ms')


if __name__ == '__main__':
    main(*sys.argv[1:5])
