"""The 3D Poisson-Nernst-Planck benchmark of bench/pnp/electrode_3d.prm in
FEniCSx (dolfinx 0.5, Debian's python3-dolfinx), for a side-by-side timing.

The same discrete problem as Fluxion's 'galerkin' formulation: Q1 on N^3
hexahedra of a 100 nm cube, 1 mM NaCl, Na+, Cl- and phi in one mixed space,
the same residual scaling (Poisson times the length unit), the same Newton
stopping test (the max norm of each field's update below 1e-10 times the
field's max norm), GMRES(100) to a 1e-10 reduction of the preconditioned
residual, preconditioned by a multiplicative field split (Na, Cl, phi) with
one hypre BoomerAMG V-cycle per block.

Run: mpirun -np P /usr/bin/python3 pnp_fenicsx.py N [-v]   (-v: print each
Newton iteration's GMRES iterations and the max norm of each field's update)
Prints one "RESULT key=value ..." line on rank 0.
"""
import sys
import time

t_start = time.perf_counter()
from mpi4py import MPI  # noqa: E402
from petsc4py import PETSc  # noqa: E402
import numpy as np  # noqa: E402
import ufl  # noqa: E402
from dolfinx import fem, mesh  # noqa: E402
from dolfinx.fem.petsc import NonlinearProblem  # noqa: E402

comm = MPI.COMM_WORLD
N = int(sys.argv[1])
F, R, T = 96485.33212, 8.314462618, 298.15
VT = R * T / F
L = 1e-9  # the length unit [m]
eps = 8.8541878128e-12 * 78.4 / L
c0, D, z = 1.0, (1.334e9, 2.032e9), (1.0, -1.0)

t0 = time.perf_counter()
msh = mesh.create_box(comm, [[0, 0, 0], [100, 100, 100]], [N, N, N],
                      mesh.CellType.hexahedron)
P1 = ufl.FiniteElement("Lagrange", msh.ufl_cell(), 1)
W = fem.FunctionSpace(msh, ufl.MixedElement([P1, P1, P1]))
u = fem.Function(W)
v = ufl.TestFunctions(W)
c = ufl.split(u)
res = (eps * ufl.inner(ufl.grad(c[2]), ufl.grad(v[2]))
       - L * F * (z[0] * c[0] + z[1] * c[1]) * v[2]) * ufl.dx
for s in range(2):
    res += D[s] * ufl.inner(ufl.grad(c[s]) + z[s] * c[s] * ufl.grad(c[2]) / VT,
                            ufl.grad(v[s])) * ufl.dx

# Dirichlet: c = c0 and phi = 0 at x = 100, phi = the electrode patch at x = 0.
fdim = msh.topology.dim - 1
right = mesh.locate_entities_boundary(msh, fdim, lambda x: np.isclose(x[0], 100))
left = mesh.locate_entities_boundary(msh, fdim, lambda x: np.isclose(x[0], 0))
bcs, maps = [], []
for k in range(3):
    Vk, mk = W.sub(k).collapse()
    maps.append(np.asarray(mk, dtype=np.int32))
    for facets, value in ((right, c0 if k < 2 else 0.0),) + (
            ((left, "patch"),) if k == 2 else ()):
        g = fem.Function(Vk)
        if value == "patch":
            g.interpolate(lambda x: 0.05 * np.exp(-((x[1] - 50) ** 2 +
                                                   (x[2] - 50) ** 2) / 400))
        else:
            g.x.array[:] = value
        dofs = fem.locate_dofs_topological((W.sub(k), Vk), fdim, facets)
        bcs.append(fem.dirichletbc(g, dofs, W.sub(k)))
for k in range(2):
    u.x.array[maps[k]] = c0
fem.set_bc(u.vector, bcs)
u.x.scatter_forward()

problem = NonlinearProblem(res, u, bcs)
A = fem.petsc.create_matrix(problem.a)
b = fem.petsc.create_vector(problem.L)
du = A.createVecRight()
t_setup = time.perf_counter() - t0

# The owned DoFs of each field, as global indices, for the field split.
imap = W.dofmap.index_map
n_owned = imap.size_local
start = imap.local_range[0]
ises = [PETSc.IS().createGeneral(
    (m[m < n_owned] + start).astype(PETSc.IntType), comm=comm) for m in maps]

ksp = PETSc.KSP().create(comm)
ksp.setOperators(A)
opts = PETSc.Options()
p = "pnp_"
ksp.setOptionsPrefix(p)
opts[p + "ksp_type"] = "gmres"
opts[p + "ksp_gmres_restart"] = 100
opts[p + "ksp_rtol"] = 1e-10
opts[p + "ksp_atol"] = 0.0
opts[p + "ksp_max_it"] = 1000
opts[p + "pc_type"] = "fieldsplit"
opts[p + "pc_fieldsplit_type"] = "multiplicative"
for k in range(3):
    opts[p + f"fieldsplit_{k}_ksp_type"] = "preonly"
    opts[p + f"fieldsplit_{k}_pc_type"] = "hypre"
    opts[p + f"fieldsplit_{k}_pc_hypre_type"] = "boomeramg"
ksp.getPC().setType("fieldsplit")
ksp.getPC().setFieldSplitIS(*[(str(k), ises[k]) for k in range(3)])
ksp.setFromOptions()


def field_max(vec, k):
    m = maps[k][maps[k] < n_owned]
    local = np.max(np.abs(vec.array_r[m])) if len(m) else 0.0
    return comm.allreduce(local, op=MPI.MAX)


t0 = time.perf_counter()
t_assemble = t_solve = 0.0
newton = linear = 0
while True:
    newton += 1
    ta = time.perf_counter()
    problem.F(u.vector, b)
    A.zeroEntries()
    problem.J(u.vector, A)
    A.assemble()
    tb = time.perf_counter()
    ksp.setOperators(A)
    ksp.solve(b, du)
    linear += ksp.getIterationNumber()
    assert ksp.getConvergedReason() > 0, "GMRES did not converge"
    t_assemble += tb - ta
    t_solve += time.perf_counter() - tb
    if comm.rank == 0 and "-v" in sys.argv:
        print(newton, ksp.getIterationNumber(), [field_max(du, k) for k in range(3)], flush=True)
    u.vector.axpy(-1.0, du)
    u.x.scatter_forward()
    if all(field_max(du, k) <= 1e-10 * field_max(u.vector, k)
           for k in range(3)) or newton == 20:
        break
t_newton = time.perf_counter() - t0

# The check values: the amounts of the ions, int c dx, as Fluxion's
# 'total amount' columns.
amounts = [comm.allreduce(fem.assemble_scalar(fem.form(c[k] * ufl.dx)),
                          op=MPI.SUM) for k in range(2)]
if comm.rank == 0:
    print(f"RESULT tool=fenicsx np={comm.size} dofs={imap.size_global} "
          f"setup={t_setup:.3f} newton={newton} linear={linear} "
          f"assemble={t_assemble:.3f} solve={t_solve:.3f} "
          f"total={time.perf_counter() - t_start:.3f} "
          f"amount_Na={amounts[0]:.10g} amount_Cl={amounts[1]:.10g}",
          flush=True)
