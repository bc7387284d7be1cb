/** What every page of the shell gets. */
export interface MenuItem {
  id: string;
  title: string;
  path?: string;
  href?: string;
  external?: boolean;
  group?: string;
}

export interface ShellState {
  supplier: { id: string; name: string; inn: string; oldID: number };
  menu: MenuItem[];
  links: { help: string; cmp: string; logout: string; notificationsWidget: string };
  serverTime: string;
}

export interface PageContext {
  params: string[];
  query: URLSearchParams;
  state: ShellState;
  navigate(path: string): void;
  /** The emulator's "now" when the page was served (dates default around it). */
  today: string;
}

export interface PageModule {
  title: string;
  render(root: HTMLElement, ctx: PageContext): Promise<void>;
}
