/**
 * Who the demo creates: an administrator and five managers, three on the first legal entity and two on the
 * second, each holding eight of its articles this Moscow month and another eight (shifted by four) last
 * month, so the per-month rule of the filter shows.
 */

export interface DemoUser {
  email: string;
  password: string;
  name: string;
}

export interface DemoManager extends DemoUser {
  /** Index of the emulator account (legal entity) the manager works in. */
  account: number;
  /** nmIds per month (`YYYY-MM`). */
  assignments: Record<string, number[]>;
}

export interface DemoPlan {
  admin: DemoUser;
  managers: DemoManager[];
}

export const DEMO_ADMIN_PASSWORD = 'joycity-demo-admin';
export const DEMO_MANAGER_PASSWORD = 'joycity-demo-manager';

const MANAGERS: Array<{ name: string; account: number }> = [
  { name: 'Анна Петрова', account: 0 },
  { name: 'Игорь Смирнов', account: 0 },
  { name: 'Ольга Кузнецова', account: 0 },
  { name: 'Дмитрий Волков', account: 1 },
  { name: 'Мария Соколова', account: 1 },
];

const PER_MANAGER = 8;

/** The previous `YYYY-MM` of a `YYYY-MM`. */
export function previousMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

/**
 * The plan for accounts with these nmIds (sorted ascending per account), for the Moscow month `current`.
 *
 * @example
 * demoPlan([[…40 nmIds…], […40 nmIds…]], '2026-11').managers[0].assignments['2026-11']; // 8 nmIds
 */
export function demoPlan(accountNmIds: readonly (readonly number[])[], current: string): DemoPlan {
  const previous = previousMonth(current);
  const slot = new Map<number, number>();
  const managers = MANAGERS.filter((m) => m.account < accountNmIds.length).map((m, i) => {
    const k = slot.get(m.account) ?? 0;
    slot.set(m.account, k + 1);
    const nmIds = [...(accountNmIds[m.account] ?? [])].sort((a, b) => a - b);
    const take = (from: number) => nmIds.slice(from, from + PER_MANAGER);
    return {
      email: `manager${i + 1}@joycity.example`,
      password: DEMO_MANAGER_PASSWORD,
      name: m.name,
      account: m.account,
      assignments: { [current]: take(k * PER_MANAGER), [previous]: take(k * PER_MANAGER + PER_MANAGER / 2) },
    };
  });
  return {
    admin: { email: 'admin@joycity.example', password: DEMO_ADMIN_PASSWORD, name: 'Администратор JoyCity' },
    managers,
  };
}
