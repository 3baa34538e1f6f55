#include <deal.II/base/quadrature_lib.h>
#include <deal.II/dofs/dof_tools.h>
#include <deal.II/lac/precondition.h>
#include <deal.II/lac/solver_cg.h>
#include <deal.II/lac/trilinos_precondition.h>
#include <deal.II/lac/trilinos_sparse_matrix.h>
#include <deal.II/lac/trilinos_sparsity_pattern.h>
#include <deal.II/multigrid/mg_coarse.h>
#include <deal.II/multigrid/mg_constrained_dofs.h>
#include <deal.II/multigrid/mg_matrix.h>
#include <deal.II/multigrid/mg_smoother.h>
#include <deal.II/multigrid/mg_tools.h>
#include <deal.II/multigrid/mg_transfer_matrix_free.h>
#include <deal.II/multigrid/multigrid.h>

#include <fluxion/solvers/multigrid_diffusion_solver.h>

#include <type_traits>

namespace Fluxion
{
  namespace
  {
    using DoubleVector = LinearAlgebra::distributed::Vector<double>;
    using LevelVector  = LinearAlgebra::distributed::Vector<float>;

    // Owned entries between a Trilinos vector and a deal.II vector with the
    // same contiguous owned range.
    void
    copy_owned(const TrilinosWrappers::MPI::Vector &src, DoubleVector &dst)
    {
      AssertDimension(src.locally_owned_size(), dst.locally_owned_size());
      const double *values = src.trilinos_vector()[0];
      for (unsigned int i = 0; i < dst.locally_owned_size(); ++i)
        dst.local_element(i) = values[i];
    }

    void
    copy_owned(const DoubleVector &src, TrilinosWrappers::MPI::Vector &dst)
    {
      AssertDimension(src.locally_owned_size(), dst.locally_owned_size());
      double *values = dst.trilinos_vector()[0];
      for (unsigned int i = 0; i < src.locally_owned_size(); ++i)
        values[i] = src.local_element(i);
    }

    // Coarse-mesh solve: CG with AMG on the assembled level-0 matrix, to a
    // fixed relative accuracy.
    class CoarseSolver : public MGCoarseGridBase<LevelVector>
    {
    public:
      TrilinosWrappers::SparseMatrix    matrix;
      TrilinosWrappers::PreconditionAMG amg;
      mutable DoubleVector              src_d, dst_d;

      void
      operator()(const unsigned int,
                 LevelVector       &dst,
                 const LevelVector &src) const override
      {
        src_d.copy_locally_owned_data_from(src);
        dst_d = 0;
        SolverControl control(100, 1e-3 * src_d.l2_norm());
        try
          {
            SolverCG<DoubleVector> cg(control);
            cg.solve(matrix, dst_d, src_d, amg);
          }
        catch (const SolverControl::NoConvergence &)
          {
            // An inexact coarse solve only slows the outer iteration.
          }
        dst.copy_locally_owned_data_from(dst_d);
      }
    };
  } // namespace

  template <int dim>
  class MultigridDiffusionSolver<dim>::ImplementationBase
  {
  public:
    virtual ~ImplementationBase() = default;

    virtual void
    set_alpha(const double alpha) = 0;

    virtual void
    residual(const TrilinosWrappers::MPI::Vector             &u,
             const TrilinosWrappers::MPI::Vector             *h,
             const std::function<double(const Point<dim> &)> &source,
             const double                                     source_constant,
             TrilinosWrappers::MPI::Vector                   &r) const = 0;

    virtual unsigned int
    solve(const TrilinosWrappers::MPI::Vector &b,
          TrilinosWrappers::MPI::Vector       &x,
          SolverControl                       &control) const = 0;

    virtual unsigned int
    n_levels() const = 0;
  };

  namespace
  {
    template <int dim, int degree>
    class Implementation
      : public MultigridDiffusionSolver<dim>::ImplementationBase
    {
    public:
      using SystemOperator = DiffusionOperator<dim, degree, double>;
      using LevelOperator  = DiffusionOperator<dim, degree, float>;
      using Smoother       = PreconditionChebyshev<LevelOperator, LevelVector>;

      Implementation(
        const Mapping<dim>                                     &mapping,
        const DoFHandler<dim>                                  &dof_handler,
        const AffineConstraints<double>                        &constraints,
        const std::set<types::boundary_id>                     &dirichlet,
        const CellCoefficientFunction<dim>                     &coefficient,
        const typename MultigridDiffusionSolver<dim>::Settings &settings,
        MPI_Comm                                                comm);

      void
      set_alpha(const double alpha) override;

      void
      residual(const TrilinosWrappers::MPI::Vector             &u,
               const TrilinosWrappers::MPI::Vector             *h,
               const std::function<double(const Point<dim> &)> &source,
               const double                                     source_constant,
               TrilinosWrappers::MPI::Vector &r) const override;

      unsigned int
      solve(const TrilinosWrappers::MPI::Vector &b,
            TrilinosWrappers::MPI::Vector       &x,
            SolverControl                       &control) const override;

      unsigned int
      n_levels() const override
      {
        return level_operators.max_level() + 1;
      }

    private:
      const DoFHandler<dim>                           &dof_handler;
      CellCoefficientFunction<dim>                     coefficient;
      typename MultigridDiffusionSolver<dim>::Settings settings;
      MPI_Comm                                         comm;
      SystemOperator                                   system_operator;
      MGConstrainedDoFs                                mg_constrained_dofs;
      MGLevelObject<LevelOperator>                     level_operators;
      AffineConstraints<float>                         coarse_constraints;
      TrilinosWrappers::SparsityPattern                coarse_sparsity;
      MGTransferMatrixFree<dim, float>                 transfer;
      MGLevelObject<typename Smoother::AdditionalData> smoother_data;
      mg::SmootherRelaxation<Smoother, LevelVector>    smoother;
      CoarseSolver                                     coarse;
      mg::Matrix<LevelVector>                          mg_matrix;
      MGLevelObject<MatrixFreeOperators::MGInterfaceOperator<LevelOperator>>
                                              interface_operators;
      mg::Matrix<LevelVector>                 mg_interface;
      std::unique_ptr<Multigrid<LevelVector>> multigrid;
      std::unique_ptr<
        PreconditionMG<dim, LevelVector, MGTransferMatrixFree<dim, float>>>
                           preconditioner;
      mutable DoubleVector vec_u, vec_h, vec_r, vec_b, vec_x;
    };

    template <int dim, int degree>
    Implementation<dim, degree>::Implementation(
      const Mapping<dim>                                     &mapping,
      const DoFHandler<dim>                                  &dof_handler,
      const AffineConstraints<double>                        &constraints,
      const std::set<types::boundary_id>                     &dirichlet,
      const CellCoefficientFunction<dim>                     &coefficient,
      const typename MultigridDiffusionSolver<dim>::Settings &settings,
      MPI_Comm                                                comm)
      : dof_handler(dof_handler)
      , coefficient(coefficient)
      , settings(settings)
      , comm(comm)
    {
      AssertThrow(dof_handler.locally_owned_dofs().is_contiguous(),
                  ExcMessage("The matrix-free solver needs one contiguous "
                             "range of DoFs per rank."));
      const QGauss<1> quadrature(degree + 1);
      {
        typename MatrixFree<dim, double>::AdditionalData data;
        data.tasks_parallel_scheme =
          MatrixFree<dim, double>::AdditionalData::none;
        data.mapping_update_flags = update_values | update_gradients |
                                    update_JxW_values |
                                    update_quadrature_points;
        auto storage = std::make_shared<MatrixFree<dim, double>>();
        storage->reinit(mapping, dof_handler, constraints, quadrature, data);
        system_operator.initialize(storage);
      }
      system_operator.initialize_dof_vector(vec_u);
      vec_h.reinit(vec_u);
      vec_r.reinit(vec_u);
      vec_b.reinit(vec_u);
      vec_x.reinit(vec_u);

      const unsigned int n_levels =
        dof_handler.get_triangulation().n_global_levels();
      mg_constrained_dofs.initialize(dof_handler);
      mg_constrained_dofs.make_zero_boundary_constraints(dof_handler,
                                                         dirichlet);
      level_operators.resize(0, n_levels - 1);
      for (unsigned int level = 0; level < n_levels; ++level)
        {
          AffineConstraints<double> lc;
          lc.reinit(
            DoFTools::extract_locally_relevant_level_dofs(dof_handler, level));
          lc.add_lines(mg_constrained_dofs.get_boundary_indices(level));
          lc.close();
          typename MatrixFree<dim, float>::AdditionalData data;
          data.tasks_parallel_scheme =
            MatrixFree<dim, float>::AdditionalData::none;
          data.mapping_update_flags = update_values | update_gradients |
                                      update_JxW_values |
                                      update_quadrature_points;
          data.mg_level = level;
          auto storage  = std::make_shared<MatrixFree<dim, float>>();
          storage->reinit(mapping, dof_handler, lc, quadrature, data);
          level_operators[level].initialize(storage,
                                            mg_constrained_dofs,
                                            level);
        }
      transfer.initialize_constraints(mg_constrained_dofs);
      transfer.build(dof_handler);

      // The pattern of the coarse matrix; its values depend on alpha.
      const IndexSet coarse_relevant =
        DoFTools::extract_locally_relevant_level_dofs(dof_handler, 0);
      coarse_constraints.reinit(coarse_relevant);
      coarse_constraints.add_lines(mg_constrained_dofs.get_boundary_indices(0));
      coarse_constraints.close();
      coarse_sparsity.reinit(dof_handler.locally_owned_mg_dofs(0),
                             dof_handler.locally_owned_mg_dofs(0),
                             coarse_relevant,
                             comm);
      MGTools::make_sparsity_pattern(dof_handler, coarse_sparsity, 0);
      coarse_sparsity.compress();
      coarse.src_d.reinit(dof_handler.locally_owned_mg_dofs(0), comm);
      coarse.dst_d.reinit(coarse.src_d);

      // The V-cycle refers to the level operators, smoother and coarse
      // solver, which set_alpha() fills.
      mg_matrix.initialize(level_operators);
      interface_operators.resize(0, n_levels - 1);
      for (unsigned int level = 0; level < n_levels; ++level)
        interface_operators[level].initialize(level_operators[level]);
      mg_interface.initialize(interface_operators);
      multigrid = std::make_unique<Multigrid<LevelVector>>(
        mg_matrix, coarse, transfer, smoother, smoother);
      multigrid->set_edge_matrices(mg_interface, mg_interface);
      preconditioner = std::make_unique<
        PreconditionMG<dim, LevelVector, MGTransferMatrixFree<dim, float>>>(
        dof_handler, *multigrid, transfer);
    }

    template <int dim, int degree>
    void
    Implementation<dim, degree>::set_alpha(const double alpha)
    {
      system_operator.set_coefficients(coefficient, alpha);
      const unsigned int max_level = level_operators.max_level();
      smoother_data.resize(0, max_level);
      for (unsigned int level = 0; level <= max_level; ++level)
        {
          level_operators[level].set_coefficients(coefficient, alpha);
          level_operators[level].compute_diagonal();
          smoother_data[level].smoothing_range = settings.smoothing_range;
          smoother_data[level].degree =
            level > 0 ? settings.smoother_degree : 1;
          smoother_data[level].eig_cg_n_iterations = 10;
          smoother_data[level].preconditioner =
            level_operators[level].get_matrix_diagonal_inverse();
        }
      smoother.initialize(level_operators, smoother_data);

      // The coarse matrix, assembled from the same cell integrals.
      coarse.matrix.reinit(coarse_sparsity);
      MatrixFreeTools::compute_matrix(*level_operators[0].get_matrix_free(),
                                      coarse_constraints,
                                      coarse.matrix,
                                      &LevelOperator::local_compute,
                                      &level_operators[0]);
      TrilinosWrappers::PreconditionAMG::AdditionalData amg_data;
      amg_data.elliptic              = true;
      amg_data.higher_order_elements = (degree > 1);
      amg_data.smoother_sweeps       = 2;
      coarse.amg.initialize(coarse.matrix, amg_data);
    }

    template <int dim, int degree>
    void
    Implementation<dim, degree>::residual(
      const TrilinosWrappers::MPI::Vector             &u,
      const TrilinosWrappers::MPI::Vector             *h,
      const std::function<double(const Point<dim> &)> &source,
      const double                                     source_constant,
      TrilinosWrappers::MPI::Vector                   &r) const
    {
      // The plain values (prescribed and hanging-node values included) of
      // u and h enter; the test functions are condensed.
      copy_owned(u, vec_u);
      vec_u.update_ghost_values();
      const bool transient = (h != nullptr && system_operator.get_alpha() != 0);
      if (transient)
        {
          copy_owned(*h, vec_h);
          vec_h.update_ghost_values();
        }
      vec_r          = 0;
      const auto &mf = *system_operator.get_matrix_free();
      typename SystemOperator::FECellIntegrator phi(mf), phi_h(mf);
      const double alpha = system_operator.get_alpha();
      for (unsigned int cell = 0; cell < mf.n_cell_batches(); ++cell)
        {
          phi.reinit(cell);
          phi.read_dof_values_plain(vec_u);
          phi.evaluate(EvaluationFlags::values | EvaluationFlags::gradients);
          if (transient)
            {
              phi_h.reinit(cell);
              phi_h.read_dof_values_plain(vec_h);
              phi_h.evaluate(EvaluationFlags::values);
            }
          const VectorizedArray<double> K = system_operator.capacity(cell);
          for (unsigned int q = 0; q < phi.n_q_points; ++q)
            {
              VectorizedArray<double> value = -source_constant;
              if (source)
                {
                  const auto x = phi.quadrature_point(q);
                  for (unsigned int lane = 0;
                       lane < mf.n_active_entries_per_cell_batch(cell);
                       ++lane)
                    {
                      Point<dim> p;
                      for (unsigned int d = 0; d < dim; ++d)
                        p[d] = x[d][lane];
                      value[lane] = -source(p);
                    }
                }
              if (alpha != 0)
                value += alpha * K * phi.get_value(q);
              if (transient)
                value -= K * phi_h.get_value(q);
              phi.submit_value(value, q);
              phi.submit_gradient(system_operator.conductance(cell, q) *
                                    phi.get_gradient(q),
                                  q);
            }
          phi.integrate(EvaluationFlags::values | EvaluationFlags::gradients);
          phi.distribute_local_to_global(vec_r);
        }
      vec_r.compress(VectorOperation::add);
      vec_u.zero_out_ghost_values();
      vec_h.zero_out_ghost_values();
      // Constrained rows (Dirichlet and hanging nodes) are not equations.
      for (const auto i : mf.get_constrained_dofs())
        vec_r.local_element(i) = 0;
      copy_owned(vec_r, r);
    }

    template <int dim, int degree>
    unsigned int
    Implementation<dim, degree>::solve(const TrilinosWrappers::MPI::Vector &b,
                                       TrilinosWrappers::MPI::Vector       &x,
                                       SolverControl &control) const
    {
      copy_owned(b, vec_b);
      vec_x = 0;
      SolverCG<DoubleVector> cg(control);
      cg.solve(system_operator, vec_x, vec_b, *preconditioner);
      copy_owned(vec_x, x);
      return control.last_step();
    }
  } // namespace

  template <int dim>
  MultigridDiffusionSolver<dim>::MultigridDiffusionSolver() = default;

  template <int dim>
  MultigridDiffusionSolver<dim>::~MultigridDiffusionSolver() = default;

  template <int dim>
  void
  MultigridDiffusionSolver<dim>::reinit(
    const Mapping<dim>                 &mapping,
    const DoFHandler<dim>              &dof_handler,
    const AffineConstraints<double>    &zero_constraints,
    const std::set<types::boundary_id> &dirichlet_boundaries,
    const CellCoefficientFunction<dim> &coefficient,
    const Settings                     &settings,
    MPI_Comm                            mpi_communicator)
  {
    implementation.reset();
    const auto make = [&](auto degree) {
      implementation =
        std::make_unique<Implementation<dim, decltype(degree)::value>>(
          mapping,
          dof_handler,
          zero_constraints,
          dirichlet_boundaries,
          coefficient,
          settings,
          mpi_communicator);
    };
    switch (dof_handler.get_fe().degree)
      {
        case 1:
          make(std::integral_constant<int, 1>());
          break;
        case 2:
          make(std::integral_constant<int, 2>());
          break;
        case 3:
          make(std::integral_constant<int, 3>());
          break;
        default:
          AssertThrow(false,
                      ExcMessage("The matrix-free operator supports finite "
                                 "elements of degree 1 to 3."));
      }
  }

  template <int dim>
  void
  MultigridDiffusionSolver<dim>::set_alpha(const double alpha)
  {
    implementation->set_alpha(alpha);
  }

  template <int dim>
  void
  MultigridDiffusionSolver<dim>::residual(
    const TrilinosWrappers::MPI::Vector             &u,
    const TrilinosWrappers::MPI::Vector             *h,
    const std::function<double(const Point<dim> &)> &source,
    const double                                     source_constant,
    TrilinosWrappers::MPI::Vector                   &r) const
  {
    implementation->residual(u, h, source, source_constant, r);
  }

  template <int dim>
  unsigned int
  MultigridDiffusionSolver<dim>::solve(const TrilinosWrappers::MPI::Vector &b,
                                       TrilinosWrappers::MPI::Vector       &x,
                                       SolverControl &control) const
  {
    return implementation->solve(b, x, control);
  }

  template <int dim>
  unsigned int
  MultigridDiffusionSolver<dim>::n_levels() const
  {
    return implementation ? implementation->n_levels() : 0;
  }

  template class MultigridDiffusionSolver<1>;
  template class MultigridDiffusionSolver<2>;
  template class MultigridDiffusionSolver<3>;
} // namespace Fluxion
