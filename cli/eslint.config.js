import root from '../eslint.config.js';

// The CLI talks to people through the terminal.
export default [...root, { rules: { 'no-console': 'off' } }];
