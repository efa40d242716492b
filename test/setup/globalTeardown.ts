// Stops the services globalSetup started (in parallel).
export default async function globalTeardown(): Promise<void> {
  const services = globalThis.__chargeledgerServices ?? [];
  globalThis.__chargeledgerServices = undefined;
  const results = await Promise.allSettled(services.map((service) => service.stop()));
  const failed = results.flatMap((r, i) =>
    r.status === 'rejected' ? [`${services[i].name}: ${String(r.reason)}`] : [],
  );
  if (failed.length) throw new Error(`jest globalTeardown could not stop: ${failed.join('; ')}`);
}
