// A stand-in for Stripe.js, for the end-to-end tests only: the part of its API the checkout
// card uses, talking to the tests' Stripe stand-in (localstripe, at __API__) the way Stripe.js
// talks to Stripe — with the publishable key and the intent's client secret in form bodies,
// never the secret key. Its "Payment Element" is one card-number field.
window.Stripe = (key) => {
  const post = async (path, params) => {
    const response = await fetch('__API__' + path, {
      method: 'POST',
      body: new URLSearchParams({ key, ...params }),
    });
    return response.json();
  };
  return {
    elements({ clientSecret }) {
      const elements = { clientSecret, input: null };
      elements.create = () => ({
        mount(target) {
          const input = document.createElement('input');
          input.name = 'stripe-card-number';
          input.setAttribute('aria-label', 'Card number');
          target.append(input);
          elements.input = input;
        },
      });
      return elements;
    },
    async confirmPayment({ elements }) {
      const method = await post('/v1/payment_methods', {
        type: 'card',
        'card[number]': elements.input.value.replace(/\s/g, ''),
        'card[exp_month]': '12',
        'card[exp_year]': '2039',
        'card[cvc]': '123',
      });
      if (method.error) return { error: method.error };
      const intent = elements.clientSecret.split('_secret_')[0];
      const confirmed = await post('/v1/payment_intents/' + intent + '/confirm', {
        payment_method: method.id,
        client_secret: elements.clientSecret,
      });
      if (confirmed.error) return { error: confirmed.error };
      return { paymentIntent: confirmed };
    },
  };
};
