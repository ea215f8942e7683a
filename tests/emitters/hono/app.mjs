// A small orders API on Hono with @hono/zod-openapi, in a base form and variants that each make
// one change. `build(variant)` returns the app for one variant; `generate.mjs` writes each
// variant's OpenAPI 3.0.3 and 3.1.0 documents. Every `variant === ...` below is the one change
// that variant makes; the base is what you get with none of them.

import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';

export const VARIANTS = {
  base: 'the API as first published',
  'request-optional-field-added': 'OrderCreate gains an optional `coupon`',
  'request-field-became-required': 'OrderCreate.note is no longer optional',
  'request-field-became-nullable': 'OrderCreate.note accepts null',
  'request-enum-value-added': 'OrderCreate.payment gains `paypal`',
  'request-literal-narrowed': 'OrderCreate.payment narrows from an enum of two to the literal `card`',
  'request-max-length-decreased': 'OrderCreate.note maximum length goes from 500 to 200',
  'required-query-parameter-added': 'GET /orders gains a required `store` query parameter',
  'shared-enum-value-added': 'OrderStatus (in Order and in the `status` filter) gains `refunded`',
  'response-field-removed': 'Order loses its required `total`',
  'response-field-added': 'Order gains a required `currency`',
  'response-field-became-nullable': 'Order.total becomes nullable',
  'response-field-became-optional': 'Order.created_at becomes optional',
  'response-type-changed': 'Order.total changes from number to string',
  'response-nested-became-nullable': 'Order.shipping_address (an Address) becomes nullable',
  'error-response-added': 'POST /orders documents a 422 Error response',
  'operation-added': 'GET /customers/{id}/orders is added',
  'operation-removed': 'DELETE /orders/{id} is removed',
};

export function build(variant) {
  if (!(variant in VARIANTS)) {
    throw new Error(`unknown variant ${variant}; known: ${Object.keys(VARIANTS).join(', ')}`);
  }

  const statuses = ['pending', 'paid', 'shipped'];
  if (variant === 'shared-enum-value-added') statuses.push('refunded');
  const OrderStatus = z.enum(statuses).openapi('OrderStatus');

  const LineItem = z
    .object({
      sku: z.string().min(1),
      quantity: z.number().int().min(1),
    })
    .openapi('LineItem');

  let note = z.string().max(variant === 'request-max-length-decreased' ? 200 : 500);
  if (variant === 'request-field-became-nullable') note = note.nullable();
  if (variant !== 'request-field-became-required') note = note.optional();

  let payment = z.enum(['card', 'invoice']);
  if (variant === 'request-enum-value-added') payment = z.enum(['card', 'invoice', 'paypal']);
  if (variant === 'request-literal-narrowed') payment = z.literal('card');

  const OrderCreate = z
    .object({
      customer_id: z.string().min(1),
      items: z.array(LineItem).min(1),
      payment,
      note,
      ...(variant === 'request-optional-field-added' ? { coupon: z.string().optional() } : {}),
    })
    .openapi('OrderCreate');

  let total = variant === 'response-type-changed' ? z.string() : z.number();
  if (variant === 'response-field-became-nullable') total = total.nullable();
  let createdAt = z.string().datetime();
  if (variant === 'response-field-became-optional') createdAt = createdAt.optional();

  const Address = z
    .object({ line1: z.string(), city: z.string(), country: z.string().length(2) })
    .openapi('Address');
  const shippingAddress =
    variant === 'response-nested-became-nullable' ? Address.nullable() : Address;

  const Order = z
    .object({
      id: z.string(),
      customer_id: z.string(),
      status: OrderStatus,
      items: z.array(LineItem),
      ...(variant === 'response-field-removed' ? {} : { total }),
      ...(variant === 'response-field-added' ? { currency: z.string() } : {}),
      note: z.string().optional(),
      shipping_address: shippingAddress,
      created_at: createdAt,
    })
    .openapi('Order');

  const ErrorBody = z
    .object({ code: z.string(), message: z.string() })
    .openapi('Error');

  const json = (schema, description) => ({
    content: { 'application/json': { schema } },
    description,
  });
  const IdParam = z.object({ id: z.string().openapi({ param: { name: 'id', in: 'path' } }) });

  const app = new OpenAPIHono();

  app.openapi(
    createRoute({
      method: 'get',
      path: '/orders',
      operationId: 'listOrders',
      request: {
        query: z.object({
          status: OrderStatus.optional(),
          customer_id: z.string().optional(),
          limit: z.coerce.number().int().min(1).max(100).optional(),
          ...(variant === 'required-query-parameter-added' ? { store: z.string() } : {}),
        }),
      },
      responses: { 200: json(z.array(Order), 'The orders, newest first') },
    }),
    (c) => c.json([], 200),
  );

  const createResponses = {
    201: json(Order, 'The order, created'),
    400: json(ErrorBody, 'The order cannot be placed'),
  };
  if (variant === 'error-response-added') createResponses[422] = json(ErrorBody, 'Invalid order');
  app.openapi(
    createRoute({
      method: 'post',
      path: '/orders',
      operationId: 'createOrder',
      request: { body: { content: { 'application/json': { schema: OrderCreate } }, required: true } },
      responses: createResponses,
    }),
    (c) => c.json({ code: 'unimplemented', message: 'not here' }, 400),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/orders/{id}',
      operationId: 'getOrder',
      request: { params: IdParam },
      responses: { 200: json(Order, 'The order'), 404: json(ErrorBody, 'No order with that id') },
    }),
    (c) => c.json({ code: 'not_found', message: 'no such order' }, 404),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/orders/{id}/cancel',
      operationId: 'cancelOrder',
      request: { params: IdParam },
      responses: {
        200: json(Order, 'The order, cancelled'),
        409: json(ErrorBody, 'The order has shipped'),
      },
    }),
    (c) => c.json({ code: 'conflict', message: 'shipped' }, 409),
  );

  if (variant !== 'operation-removed') {
    app.openapi(
      createRoute({
        method: 'delete',
        path: '/orders/{id}',
        operationId: 'deleteOrder',
        request: { params: IdParam },
        responses: { 204: { description: 'Deleted' }, 404: json(ErrorBody, 'No order with that id') },
      }),
      (c) => c.body(null, 204),
    );
  }

  if (variant === 'operation-added') {
    app.openapi(
      createRoute({
        method: 'get',
        path: '/customers/{id}/orders',
        operationId: 'listCustomerOrders',
        request: { params: IdParam },
        responses: { 200: json(z.array(Order), "The customer's orders") },
      }),
      (c) => c.json([], 200),
    );
  }

  return app;
}
