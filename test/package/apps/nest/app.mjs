// NestJS 12 (ESM, plain JavaScript: decorators applied as functions), on
// Express or, with NEST_ADAPTER=fastify, on Fastify. Started with
// `node --import golden-signals/register app.js`.
import 'reflect-metadata';
import {
  BadRequestException,
  Body,
  Controller,
  Get,
  HttpCode,
  Module,
  NotFoundException,
  Param,
  Post,
  Query,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';

class BoomError extends Error {}

/** Applies method decorators the way TypeScript's emit would. */
function route(target, key, ...decorators) {
  const descriptor = Object.getOwnPropertyDescriptor(target.prototype, key);
  for (const decorate of decorators) decorate(target.prototype, key, descriptor);
}

class UsersController {
  one(id) {
    return { id };
  }
  post(userId, postId) {
    return { userId, postId };
  }
  create(body) {
    return { id: 'new', name: body?.name ?? null };
  }
}
Controller('users')(UsersController);
route(UsersController, 'one', Get(':id'), (t, k) => Param('id')(t, k, 0));
route(UsersController, 'post', Get(':userId/posts/:postId'), (t, k) => {
  Param('userId')(t, k, 0);
  Param('postId')(t, k, 1);
});
route(UsersController, 'create', Post(), HttpCode(201), (t, k) => Body()(t, k, 0));

class ItemsController {
  one(id) {
    if (id === 'bad') throw new BadRequestException('bad id');
    if (id === 'missing') throw new NotFoundException('no such item');
    return { id };
  }
}
Controller('items')(ItemsController);
route(ItemsController, 'one', Get(':id'), (t, k) => Param('id')(t, k, 0));

class MiscController {
  boom() {
    throw new BoomError('boom');
  }
  async slow(ms) {
    await new Promise((resolve) => setTimeout(resolve, Number(ms)));
    return { slept: Number(ms) };
  }
  file(path) {
    return { path };
  }
}
Controller()(MiscController);
route(MiscController, 'boom', Get('boom'));
route(MiscController, 'slow', Get('slow'), (t, k) => Query('ms')(t, k, 0));
// Each adapter's own wildcard syntax: path-to-regexp 8 on Express, find-my-way on Fastify.
const fastify = process.env.NEST_ADAPTER === 'fastify';
route(MiscController, 'file', Get(fastify ? 'files/*' : 'files/*path'), (t, k) =>
  Param(fastify ? '*' : 'path')(t, k, 0),
);

class AppModule {}
Module({ controllers: [UsersController, ItemsController, MiscController] })(AppModule);

let adapter;
if (fastify) {
  const { FastifyAdapter } = await import('@nestjs/platform-fastify');
  adapter = new FastifyAdapter();
}
const app = adapter
  ? await NestFactory.create(AppModule, adapter, { logger: false })
  : await NestFactory.create(AppModule, { logger: false });
app.setGlobalPrefix('api');
await app.listen(Number(process.env.PORT ?? 0), '127.0.0.1');
const port = app.getHttpServer().address().port;
console.log(`app listening on http://127.0.0.1:${port}`);
