import { sessionOptions } from './session-settings';

describe(sessionOptions.name, () => {
  it('writes each setting as a -c option of the startup packet', () => {
    expect(sessionOptions({ search_path: 'directory, public', plan_cache_mode: 'force_custom_plan' })).toBe(
      '-c search_path=directory,public -c plan_cache_mode=force_custom_plan',
    );
    expect(sessionOptions({})).toBe('');
  });

  it('refuses a name that is not a setting name', () => {
    expect(() => sessionOptions({ 'search_path -c work_mem': '1GB' })).toThrow(/invalid setting name/);
  });
});
