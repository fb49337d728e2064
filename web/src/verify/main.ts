// Public certificate verification page: a light bundle of its own (no React, no Ant Design).
const root = document.getElementById('verify-root')!;
root.textContent = '职业技能等级证书核验';
