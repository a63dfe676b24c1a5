# SPDX-License-Identifier: GPL-3.0-or-later
#
# Shopchat test tooling: starts localstripe with run-time patches.
# Copyright (C) 2026 the Shopchat authors.
#
# This file imports and patches localstripe (Copyright 2017-2018 Adrien Vergé,
# GPL-3.0-or-later), so it is licensed under the GNU General Public License, version 3 or
# (at your option) any later version, unlike the rest of Shopchat. It is test tooling: no
# Shopchat product contains it or links to it. See README.md beside it.
#
# This program is distributed in the hope that it will be useful, but WITHOUT ANY
# WARRANTY; without even the implied warranty of MERCHANTABILITY or FITNESS FOR A
# PARTICULAR PURPOSE. See the GNU General Public License for more details
# <https://www.gnu.org/licenses/>.
"""Run localstripe 1.15.10 on loopback, patched so that async-stripe 1.0.0-rc.10 can read it.

usage: launcher.py --from-scratch [--host 127.0.0.1] [--port 0] [--exit-with-stdin]

Prints `localstripe listening on http://HOST:PORT/` once bound (port 0 picks a free one);
`GET /_config/ready` answers 200 once it serves. State lives in memory only.
"""
import argparse
import logging
import os
import re
import socket
import sys
import threading

from aiohttp import web

from localstripe import resources as R
from localstripe.errors import UserError
from localstripe.webhooks import schedule_webhook

# Set from --api-version before serving: events carry the SDK's version, as an endpoint
# pinned to it would receive them (async-stripe warns on a mismatch).
API_VERSION = ['2026-09-30.endive']

# 1. Memory only: stock localstripe pickles every write into one fixed file in /tmp, which
#    parallel test runs would share and trample.
R.Store.dump_to_disk = lambda self: None
R.Store.try_load_from_disk = lambda self: None

# 2. Test payment methods Stripe documents (docs.stripe.com/testing) -> card numbers.
_TEST_PMS = {
    'pm_card_visa': '4242424242424242',
    'pm_card_mastercard': '5555555555554444',
    'pm_card_visa_chargeDeclined': '4000000000000002',
    'pm_card_chargeDeclined': '4000000000000002',
    'pm_card_chargeDeclinedInsufficientFunds': '4000000000009995',
    'pm_card_chargeDeclinedLostCard': '4000000000009987',
    'pm_card_chargeDeclinedStolenCard': '4000000000009979',
    'pm_card_chargeDeclinedExpiredCard': '4000000000000069',
    'pm_card_chargeDeclinedIncorrectCvc': '4000000000000127',
    'pm_card_chargeDeclinedProcessingError': '4000000000000119',
    'pm_card_chargeCustomerFail': '4000000000000341',
    'pm_card_threeDSecure2Required': '4000000000003220',
    'pm_card_authenticationRequired': '4000002760003184',
    'pm_card_createDispute': '4000000000000259',
}
# Stock localstripe declines these when a card is attached to a customer; Stripe declines
# them when the card is charged, with these codes: number -> (code, decline_code).
_DECLINES = {
    '4000000000000002': ('card_declined', 'generic_decline'),
    '4000000000009995': ('card_declined', 'insufficient_funds'),
    '4000000000009987': ('card_declined', 'lost_card'),
    '4000000000009979': ('card_declined', 'stolen_card'),
    '4000000000000069': ('expired_card', 'expired_card'),
    '4000000000000127': ('incorrect_cvc', 'incorrect_cvc'),
    '4000000000000119': ('processing_error', 'processing_error'),
    '4000000000000341': ('card_declined', 'generic_decline'),
}
_DISPUTED = '4000000000000259'


@classmethod
def _canonical(cls, id):
    number = _TEST_PMS.get(id)
    if number:
        return R.PaymentMethod(type='card', card=dict(
            number=number, exp_month='12', exp_year='2034', cvc='123'))


R.PaymentMethod._try_get_canonical_test_article = _canonical
R.PaymentMethod._attaching_is_declined = lambda self: (
    self.type == 'card' and self._card_number == '4242424242424241')
_stock_charging_is_declined = R.PaymentMethod._charging_is_declined
R.PaymentMethod._charging_is_declined = lambda self: (
    self.type == 'card' and self._card_number in _DECLINES
    or _stock_charging_is_declined(self))


def _resolve_pm(id):
    """A magic `pm_card_*` id becomes a stored method, as on Stripe (404 if unknown)."""
    return R.PaymentMethod._api_retrieve(id).id


# 3. PaymentIntent: accept the parameters a real integration sends, confirm with a
#    payment method, export the fields async-stripe requires, send the missing events.
_PI_ACCEPTED = ('description', 'receipt_email', 'statement_descriptor',
                'statement_descriptor_suffix', 'automatic_payment_methods',
                'setup_future_usage', 'return_url', 'shipping', 'use_stripe_sdk')
_pi_init = R.PaymentIntent.__init__


def _pi_init_patched(self, payment_method=None, **kw):
    extra = {k: kw.pop(k) for k in list(kw) if k in _PI_ACCEPTED}
    if payment_method is not None:
        payment_method = _resolve_pm(payment_method)
    _pi_init(self, payment_method=payment_method, **kw)
    self.description = extra.get('description')
    self.receipt_email = extra.get('receipt_email')
    schedule_webhook(R.Event('payment_intent.created', self))


R.PaymentIntent.__init__ = _pi_init_patched
_pi_confirm = R.PaymentIntent._api_confirm.__func__


@classmethod
def _pi_confirm_patched(cls, id, payment_method=None, receipt_email=None, **kw):
    for k in _PI_ACCEPTED + ('client_secret',):
        kw.pop(k, None)
    obj = cls._api_retrieve(id)
    # Stripe takes a new method only while the intent still needs one (a retry after a
    # decline); otherwise the stock code answers 400 like Stripe's unexpected_state.
    if obj.status in ('requires_payment_method', 'requires_confirmation'):
        if payment_method is not None:
            obj.payment_method = _resolve_pm(payment_method)
            obj.latest_charge = None  # a new method gets a new attempt
        if receipt_email is not None:
            obj.receipt_email = receipt_email
    return _pi_confirm(cls, id, **kw)


_pi_cancel = R.PaymentIntent._api_cancel.__func__


@classmethod
def _pi_cancel_patched(cls, id, cancellation_reason=None, **kw):
    obj = _pi_cancel(cls, id, **kw)
    obj.cancellation_reason = cancellation_reason
    schedule_webhook(R.Event('payment_intent.canceled', obj))
    return obj


R.PaymentIntent._api_confirm = _pi_confirm_patched
R.PaymentIntent._api_cancel = _pi_cancel_patched
# The server module binds `extra_apis` routes when imported: swap the functions first.
for i, (method, url, func) in enumerate(R.extra_apis):
    if url == '/v1/payment_intents/{id}/confirm':
        R.extra_apis[i] = (method, url, R.PaymentIntent._api_confirm)
    elif url == '/v1/payment_intents/{id}/cancel':
        R.extra_apis[i] = (method, url, R.PaymentIntent._api_cancel)

_pi_export = R.PaymentIntent._export


def _pi_export_patched(self, expand=None):
    d = _pi_export(self, expand=expand)
    status = d['status']
    d['amount_capturable'] = self.amount if status == 'requires_capture' else 0
    d['amount_received'] = self.amount if status == 'succeeded' else 0
    d['confirmation_method'] = 'automatic'
    d['payment_method_types'] = ['card']
    d.setdefault('cancellation_reason', None)
    d.pop('charges', None)  # removed from the API in 2022-11-15
    if isinstance(d.get('latest_charge'), dict) and \
            'latest_charge' not in (expand or []):
        d['latest_charge'] = d['latest_charge']['id']
    return d


R.PaymentIntent._export = _pi_export_patched
_pi_last_error = R.PaymentIntent.last_payment_error.fget


def _pi_last_error_patched(self):
    error = _pi_last_error(self)
    if error is not None:
        error['type'] = 'card_error' if 'charge' in error else 'invalid_request_error'
        if self.latest_charge is not None:
            error['decline_code'] = getattr(self.latest_charge, '_decline_code', None)
    return error


R.PaymentIntent.last_payment_error = property(_pi_last_error_patched)

# 4. Charge: the fields async-stripe requires, `charge.succeeded`, declines with Stripe's
#    codes (a 402 `card_error` carrying the intent), and the dispute test card.
_ch_export = R.Charge._export


def _ch_export_patched(self, expand=None):
    d = _ch_export(self, expand=expand)
    d['amount_captured'] = self.amount if self.captured and self.status == 'succeeded' else 0
    d.setdefault('billing_details', {})
    d['disputed'] = getattr(self, '_disputed', False)
    return d


R.Charge._export = _ch_export_patched
_ch_trigger = R.Charge._trigger_payment


def _ch_trigger_patched(self, on_success=None):
    def succeeded():
        schedule_webhook(R.Event('charge.succeeded', self))
        if on_success:
            on_success()
        pm = R.PaymentMethod._api_retrieve(self.payment_method)
        if getattr(pm, '_card_number', None) == _DISPUTED:
            Dispute(self)
    return _ch_trigger(self, on_success=succeeded)


R.Charge._trigger_payment = _ch_trigger_patched


def _set_auth_failure(self):
    pm = R.PaymentMethod._api_retrieve(self.payment_method)
    code, decline_code = _DECLINES.get(getattr(pm, '_card_number', ''),
                                       ('card_declined', 'generic_decline'))
    self.status = 'failed'
    self.failure_code = code
    self.failure_message = 'Your card was declined.'
    self._decline_code = decline_code


def _raise_failure(self):
    intent = (R.PaymentIntent._api_retrieve(self.payment_intent)._export()
              if self.payment_intent else None)
    raise UserError(402, self.failure_message, {
        'code': self.failure_code, 'charge': self.id,
        'decline_code': getattr(self, '_decline_code', None),
        'payment_intent': intent})


R.Charge._set_auth_failure = _set_auth_failure
R.Charge._raise_failure = _raise_failure
_ue_init = UserError.__init__


def _ue_init_patched(self, code, message=None, contents=None):
    _ue_init(self, code, message, contents)
    if code == 402:
        self.body['error']['type'] = 'card_error'


UserError.__init__ = _ue_init_patched


class Dispute(R.StripeObject):
    """What Stripe's 4000000000000259 card brings: a fraud dispute right after the charge."""
    object = 'dispute'
    _id_prefix = 'dp_'

    def __init__(self, charge):
        super().__init__()
        charge._disputed = True
        self.amount = charge.amount
        self.currency = charge.currency
        self.charge = charge.id
        self.payment_intent = charge.payment_intent
        self.balance_transactions = []
        self.enhanced_eligibility_types = []
        self.evidence = {'enhanced_evidence': {}}
        self.evidence_details = {
            'due_by': self.created + 7 * 86400, 'enhanced_eligibility': {},
            'has_evidence': False, 'past_due': False, 'submission_count': 0}
        self.is_charge_refundable = False
        self.metadata = {}
        self.reason = 'fraudulent'
        self.status = 'needs_response'
        schedule_webhook(R.Event('charge.dispute.created', self))


# 5. Refund: accept `reason`, name the intent, send `refund.created` and `charge.refunded`
#    (after the refund is stored, so the charge's amount_refunded includes it).
_rf_init = R.Refund.__init__


def _rf_init_patched(self, reason=None, **kw):
    _rf_init(self, **kw)
    self.reason = reason
    charge = R.Charge._api_retrieve(self.charge)
    self.payment_intent = self.payment_intent or charge.payment_intent
    schedule_webhook(R.Event('refund.created', self))
    schedule_webhook(R.Event('charge.refunded', charge))


R.Refund.__init__ = _rf_init_patched

# 6. Event: the fields async-stripe requires.
_ev_init = R.Event.__init__


def _ev_init_patched(self, type, data):
    _ev_init(self, type, data)
    self.api_version = API_VERSION[0]
    self.pending_webhooks = 1
    self.request = {'id': None, 'idempotency_key': None}


R.Event.__init__ = _ev_init_patched

# 7. Idempotency-Key, which stock localstripe ignores: per secret key, the first result is
#    replayed; other parameters or a request still in flight get Stripe's errors.
_idempotent = {}


def _idempotency_error(message, status):
    return web.json_response({'error': {'type': 'idempotency_error', 'message': message}},
                             status=status)


@web.middleware
async def idempotency_middleware(request, handler):
    key = request.headers.get('Idempotency-Key')
    if request.method != 'POST' or not key:
        return await handler(request)
    from localstripe import server as S
    scope = (request.headers.get('Authorization', ''), key)
    # Compared as parsed parameters: clients may encode a map's entries in any order.
    fingerprint = (request.path, await S.get_post_data(request, remove_auth=False))
    seen = _idempotent.get(scope)
    if seen is not None:
        if seen[0] != fingerprint:
            return _idempotency_error(
                'Keys for idempotent requests can only be used with the same parameters '
                'they were first used with.', 400)
        if seen[1] is None:
            return _idempotency_error(
                'There is currently another in-progress request using this '
                'Idempotent Key.', 409)
        return web.Response(status=seen[1], body=seen[2], content_type='application/json',
                            headers={'Idempotent-Replayed': 'true'})
    _idempotent[scope] = (fingerprint, None, None)
    try:
        response = await handler(request)
    except UserError as e:
        response = e.to_response()
    except BaseException:
        del _idempotent[scope]
        raise
    _idempotent[scope] = (fingerprint, response.status, response.body)
    return response


# 8. What a publishable key may do, as on Stripe: Stripe.js creates a card PaymentMethod, and
#    confirms a PaymentIntent whose client secret it presents (`key` and `client_secret` in the
#    form body). Stock localstripe takes publishable keys only for tokens and sources, so
#    these two requests are marked here and let through by `get_api_key` (patched in main).
_PUBLISHABLE_MARK = 'shopchat_publishable_key'
_CONFIRM_PATH = re.compile(r'^/v1/payment_intents/(\w+)/confirm$')


@web.middleware
async def publishable_key_middleware(request, handler):
    if request.method == 'POST' and not request.headers.get('Authorization'):
        data = await request.post()
        key = data.get('key', '')
        if key.startswith('pk_'):
            confirm = _CONFIRM_PATH.match(request.path)
            if request.path == '/v1/payment_methods':
                request[_PUBLISHABLE_MARK] = True
            elif confirm:
                try:
                    intent = R.PaymentIntent._api_retrieve(confirm.group(1))
                except UserError:
                    intent = None
                if intent is not None and data.get('client_secret') == intent.client_secret:
                    request[_PUBLISHABLE_MARK] = True
    return await handler(request)


async def ready(request):
    return web.Response(text='ready\n')


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--host', default='127.0.0.1',
                        help='interface to bind (stock localstripe binds all of them)')
    parser.add_argument('--port', type=int, default=0, help='0 picks a free port')
    parser.add_argument('--from-scratch', action='store_true',
                        help="accepted for localstripe's command line; state is always "
                        'in memory here')
    parser.add_argument('--api-version', default=API_VERSION[0],
                        help='Stripe API version stamped on events')
    parser.add_argument('--exit-with-stdin', action='store_true',
                        help='exit when standard input closes (the parent test died)')
    args = parser.parse_args()
    API_VERSION[0] = args.api_version

    from localstripe import server as S  # after the patches: it binds routes on import
    S.app.middlewares.append(idempotency_middleware)
    S.app.middlewares.insert(0, publishable_key_middleware)
    stock_get_api_key = S.get_api_key

    def get_api_key(request):
        found = stock_get_api_key(request)
        if found is None and request.get(_PUBLISHABLE_MARK):
            return 'sk_test_as_publishable_key'
        return found

    S.get_api_key = get_api_key
    S.app.router.add_get('/_config/ready', ready)

    family = socket.AF_INET6 if ':' in args.host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((args.host, args.port))
    host, port = sock.getsockname()[:2]
    shown = '[%s]' % host if family == socket.AF_INET6 else host
    print('localstripe listening on http://%s:%d/' % (shown, port), flush=True)

    if args.exit_with_stdin:
        def exit_at_eof():
            sys.stdin.buffer.read()
            os._exit(0)
        threading.Thread(target=exit_at_eof, daemon=True).start()

    # Requests and webhook deliveries go to stderr, as with stock localstripe.
    log = logging.getLogger('aiohttp.access')
    log.setLevel(logging.INFO)
    log.addHandler(logging.StreamHandler())
    web.run_app(S.app, sock=sock, print=None, access_log=log)


if __name__ == '__main__':
    main()
