// FieldSplitPreconditioner on a two-field system assembled by hand: u and
// v of one Q1 FESystem on a distributed 2D mesh (so each field's DoFs are
// interleaved with the other's, not contiguous), with the operator of an
// implicit step of a reaction-diffusion pair,
//   [ (1 + k_f) M + K      -k_b M        ] [u]
//   [     -k_f M       (1 + k_b) M + 2 K ] [v].
// Checks:
// - each diagonal block copied out of the monolithic matrix has the
//   Frobenius norm of the same operator assembled on its own with FE_Q;
// - without coupling (k_f = k_b = 0 off the diagonal) and exact block
//   solves, GMRES converges in one iteration, in both variants;
// - with coupling, block Gauss-Seidel needs fewer iterations than block
//   Jacobi, and every variant and block preconditioner (amg, ilu, jacobi,
//   direct) gives the solution x that made the right-hand side b = A x;
// - an unknown block preconditioner is refused with the parameter's name.

#include <deal.II/base/mpi.h>
#include <deal.II/base/quadrature_lib.h>
#include <deal.II/distributed/tria.h>
#include <deal.II/dofs/dof_handler.h>
#include <deal.II/dofs/dof_tools.h>
#include <deal.II/fe/fe_q.h>
#include <deal.II/fe/fe_system.h>
#include <deal.II/fe/fe_values.h>
#include <deal.II/grid/grid_generator.h>
#include <deal.II/lac/affine_constraints.h>
#include <deal.II/lac/dynamic_sparsity_pattern.h>
#include <deal.II/lac/solver_control.h>
#include <deal.II/lac/solver_gmres.h>
#include <deal.II/lac/sparsity_tools.h>
#include <deal.II/lac/trilinos_solver.h>

#include <fluxion/core/utilities.h>
#include <fluxion/solvers/field_split_preconditioner.h>

#include <iomanip>
#include <iostream>

using namespace Fluxion;
using VectorType = TrilinosWrappers::MPI::Vector;

namespace
{
  // coupling[a][b] multiplies the mass matrix between fields a and b;
  // diffusion[a] the stiffness matrix of field a.
  struct Coefficients
  {
    double coupling[2][2];
    double diffusion[2];
  };

  // Assemble the operator for an element of n_fields components of Q1.
  void
  assemble(const DoFHandler<2>            &dof_handler,
           const Coefficients             &c,
           TrilinosWrappers::SparseMatrix &matrix)
  {
    const auto    &fe    = dof_handler.get_fe();
    const MPI_Comm comm  = dof_handler.get_communicator();
    const IndexSet owned = dof_handler.locally_owned_dofs();
    IndexSet       relevant;
    DoFTools::extract_locally_relevant_dofs(dof_handler, relevant);
    DynamicSparsityPattern dsp(relevant);
    DoFTools::make_sparsity_pattern(dof_handler, dsp);
    SparsityTools::distribute_sparsity_pattern(dsp, owned, comm, relevant);
    matrix.reinit(owned, owned, dsp, comm);

    AffineConstraints<double> none;
    none.close();
    const QGauss<2>                      quadrature(2);
    FEValues<2>                          fe_values(fe,
                          quadrature,
                          update_values | update_gradients | update_JxW_values);
    const unsigned int                   n = fe.n_dofs_per_cell();
    FullMatrix<double>                   cell_matrix(n, n);
    std::vector<types::global_dof_index> dofs(n);
    for (const auto &cell : dof_handler.active_cell_iterators())
      if (cell->is_locally_owned())
        {
          fe_values.reinit(cell);
          cell_matrix = 0;
          for (unsigned int q = 0; q < quadrature.size(); ++q)
            for (unsigned int i = 0; i < n; ++i)
              for (unsigned int j = 0; j < n; ++j)
                {
                  const unsigned int a = fe.system_to_component_index(i).first;
                  const unsigned int b = fe.system_to_component_index(j).first;
                  cell_matrix(i, j) +=
                    (c.coupling[a][b] * fe_values.shape_value(i, q) *
                       fe_values.shape_value(j, q) +
                     (a == b ? c.diffusion[a] : 0.0) *
                       fe_values.shape_grad(i, q) *
                       fe_values.shape_grad(j, q)) *
                    fe_values.JxW(q);
                }
          cell->get_dof_indices(dofs);
          none.distribute_local_to_global(cell_matrix, dofs, matrix);
        }
    matrix.compress(VectorOperation::add);
  }

  // GMRES iterations with the field split, and the largest difference to
  // the exact solution @p exact.
  std::pair<unsigned int, double>
  solve(const TrilinosWrappers::SparseMatrix           &A,
        const std::vector<IndexSet>                    &fields,
        const FieldSplitPreconditioner::AdditionalData &data,
        const VectorType                               &b,
        const VectorType                               &exact)
  {
    FieldSplitPreconditioner P;
    P.initialize(A, fields, data);
    VectorType x(b);
    x = 0;
    SolverControl control(400, 1e-12 * b.l2_norm());
    // No restart: the point-Jacobi blocks need a long Krylov space.
    SolverGMRES<VectorType> gmres(control,
                                  SolverGMRES<VectorType>::AdditionalData(402));
    gmres.solve(A, x, b, P);
    x -= exact;
    return {control.last_step(), x.linfty_norm() / exact.linfty_norm()};
  }

  std::string
  variant_name(const FieldSplitPreconditioner::Variant v)
  {
    return v == FieldSplitPreconditioner::Variant::jacobi ? "jacobi" :
                                                            "gauss-seidel";
  }
} // namespace

int
main(int argc, char **argv)
{
  Utilities::MPI::MPI_InitFinalize mpi(argc, argv, 1);
  const MPI_Comm                   comm = MPI_COMM_WORLD;
  std::ostream                    *out =
    Utilities::MPI::this_mpi_process(comm) == 0 ? &std::cout : nullptr;

  parallel::distributed::Triangulation<2> tria(comm);
  GridGenerator::hyper_cube(tria);
  tria.refine_global(6);
  FESystem<2>   fe(FE_Q<2>(1), 2);
  DoFHandler<2> dof_handler(tria);
  dof_handler.distribute_dofs(fe);
  const IndexSet        owned = dof_handler.locally_owned_dofs();
  std::vector<IndexSet> fields;
  for (unsigned int f = 0; f < 2; ++f)
    {
      std::vector<bool> mask(2, false);
      mask[f] = true;
      fields.push_back(
        DoFTools::extract_dofs(dof_handler, ComponentMask(mask)) & owned);
    }
  // The fields' DoFs interleave: neither is one range on any rank.
  const bool interleaved = Utilities::MPI::min((fields[0].n_intervals() > 1 &&
                                                fields[1].n_intervals() > 1) ?
                                                 1 :
                                                 0,
                                               comm) == 1;
  if (out)
    *out << "DoFs: " << dof_handler.n_dofs()
         << ", fields interleaved: " << (interleaved ? "yes" : "no")
         << std::endl;

  const double       k_f = 10, k_b = 1;
  const Coefficients uncoupled{{{1 + k_f, 0}, {0, 1 + k_b}}, {1, 2}};
  const Coefficients coupled{{{1 + k_f, -k_b}, {-k_f, 1 + k_b}}, {1, 2}};

  // The diagonal blocks against the scalar operators.
  {
    TrilinosWrappers::SparseMatrix A;
    assemble(dof_handler, coupled, A);
    FieldSplitPreconditioner P;
    P.initialize(A, fields, {});
    FE_Q<2>       fe_scalar(1);
    DoFHandler<2> scalar_dofs(tria);
    scalar_dofs.distribute_dofs(fe_scalar);
    for (unsigned int k = 0; k < 2; ++k)
      {
        Coefficients one{{{coupled.coupling[k][k], 0}, {0, 0}},
                         {coupled.diffusion[k], 0}};
        TrilinosWrappers::SparseMatrix S;
        assemble(scalar_dofs, one, S);
        const double difference =
          std::abs(P.block_matrix(k).frobenius_norm() - S.frobenius_norm()) /
          S.frobenius_norm();
        if (out)
          *out << "block " << k << ": " << P.block_matrix(k).m()
               << " rows, Frobenius norm as the scalar operator: "
               << (difference < 1e-13 ? "yes" : "NO") << std::endl;
      }
  }

  for (const auto *c : {&uncoupled, &coupled})
    {
      TrilinosWrappers::SparseMatrix A;
      assemble(dof_handler, *c, A);
      // A right-hand side with a known solution x = (x_i = sin(i)).
      VectorType exact(owned, comm), b(owned, comm);
      for (const auto i : owned)
        exact[i] = std::sin(static_cast<double>(i));
      exact.compress(VectorOperation::insert);
      A.vmult(b, exact);

      if (out)
        *out << (c == &uncoupled ? "\nWithout coupling" : "\nWith coupling")
             << " (GMRES iterations, max relative error):" << std::endl;
      std::map<std::string, unsigned int> direct_iterations;
      // The block solvers of u and v; ILU and point Jacobi (slow on these
      // diffusion blocks) only in the last variant with coupling.
      const std::vector<std::pair<std::string, std::string>> inner = {
        {"direct", "direct"},
        {"amg", "amg"},
        {"amg", "ilu"},
        {"ilu", "jacobi"}};
      for (const auto v : {FieldSplitPreconditioner::Variant::jacobi,
                           FieldSplitPreconditioner::Variant::gauss_seidel})
        for (unsigned int s = 0; s < inner.size(); ++s)
          {
            if (s > 1 && (c != &coupled ||
                          v != FieldSplitPreconditioner::Variant::gauss_seidel))
              continue;
            FieldSplitPreconditioner::AdditionalData data;
            data.variant       = v;
            data.block_solvers = {
              FieldSplitPreconditioner::parse_block_solver(inner[s].first, "u"),
              FieldSplitPreconditioner::parse_block_solver(inner[s].second,
                                                           "v")};
            const auto result = solve(A, fields, data, b, exact);
            if (s == 0)
              direct_iterations[variant_name(v)] = result.first;
            if (out)
              *out << "  " << std::setw(12) << variant_name(v)
                   << ", u: " << std::setw(6) << inner[s].first
                   << ", v: " << std::setw(6) << inner[s].second << ": "
                   << std::setw(3) << result.first << " iterations, error "
                   << (result.second < 1e-8 ? "< 1e-8" : "TOO LARGE")
                   << std::endl;
          }
      if (out && c == &coupled)
        *out << "  gauss-seidel with direct blocks needs fewer iterations "
                "than jacobi: "
             << (direct_iterations["gauss-seidel"] <
                     direct_iterations["jacobi"] ?
                   "yes" :
                   "no")
             << std::endl;
    }

  // An unknown block solver is refused with the parameter's name.
  try
    {
      FieldSplitPreconditioner::parse_block_solver(
        "multigrid", "Solver/Field preconditioners");
    }
  catch (const std::exception &e)
    {
      if (out)
        *out << "\nunknown block solver: " << exception_message(e) << std::endl;
    }
}
