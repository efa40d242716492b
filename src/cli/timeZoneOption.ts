// --tz values: an IANA zone name the tz database knows, else a usage error naming the option.
import { ZoneClock } from '../tariff/time/zoneClock';
import { UsageError } from './cliErrors';

export function checkedTimeZone(name: string): string {
  try {
    ZoneClock.of(name);
  } catch (error) {
    throw new UsageError(`--tz: ${(error as Error).message}`);
  }
  return name;
}
