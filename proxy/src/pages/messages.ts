/** The texts of the proxy's own pages, Russian first. */
export type PageKind =
  | 'no-access'
  | 'no-account'
  | 'blocked'
  | 'needs-relogin'
  | 'upstream-error'
  | 'unknown-host'
  | 'filter-error';

export type Locale = 'ru' | 'en';

export const PAGE_TEXTS: Record<PageKind, Record<Locale, { title: string; body: string }>> = {
  'no-access': {
    ru: {
      title: 'Нет доступа к кабинету WB',
      body: 'Работать в кабинете продавца через JoyCity могут менеджеры. Попросите администратора выдать вам роль менеджера.',
    },
    en: {
      title: 'No access to the WB cabinet',
      body: 'Only managers can work in the seller cabinet through JoyCity. Ask an administrator for the manager role.',
    },
  },
  'no-account': {
    ru: {
      title: 'Кабинет не выбран',
      body: 'За вами не закреплён кабинет продавца. Попросите администратора назначить вам кабинет.',
    },
    en: {
      title: 'No cabinet selected',
      body: 'No seller cabinet is assigned to you. Ask an administrator to assign one.',
    },
  },
  blocked: {
    ru: {
      title: 'Это действие недоступно',
      body: 'Этот раздел кабинета WB закрыт для менеджеров (токены API, пользователи, реквизиты, смена юрлица, выход и вход). Попытка записана в журнал.',
    },
    en: {
      title: 'This action is not available',
      body: 'This part of the WB cabinet is closed to managers (API tokens, users, bank details, changing the legal entity, logout and login). The attempt has been logged.',
    },
  },
  'needs-relogin': {
    ru: {
      title: 'Сессия WB завершилась',
      body: 'Wildberries завершил сессию этого кабинета. Администратор уже видит это в панели и должен заново войти в кабинет. Попробуйте позже.',
    },
    en: {
      title: 'The WB session has ended',
      body: 'Wildberries ended this cabinet’s session. Administrators see it in the admin panel and need to log in to the cabinet again. Please try later.',
    },
  },
  'upstream-error': {
    ru: {
      title: 'Wildberries не ответил',
      body: 'Кабинет WB сейчас не ответил или ответил с ошибкой. Обновите страницу через минуту.',
    },
    en: {
      title: 'Wildberries did not answer',
      body: 'The WB cabinet did not answer or answered with an error. Reload the page in a minute.',
    },
  },
  'unknown-host': {
    ru: { title: 'Адрес не найден', body: 'Этот адрес не относится к кабинету WB.' },
    en: { title: 'Address not found', body: 'This address is not part of the WB cabinet.' },
  },
  'filter-error': {
    ru: {
      title: 'Данные не показаны',
      body: 'Не удалось проверить, что на странице только ваши товары, поэтому она не показана. Обновите страницу.',
    },
    en: {
      title: 'Data not shown',
      body: 'We could not check that the page holds only your articles, so it is not shown. Reload the page.',
    },
  },
};
